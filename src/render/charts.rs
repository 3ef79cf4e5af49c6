//! Charts as static inline SVG, drawn at build time: no script, no request,
//! they scale with the page (viewBox) and print. Every chart is a picture
//! with a text alternative; the same numbers are always in a table next to
//! it, which is where links and exact values live.

use crate::base::html::escape as esc;
use std::fmt::Write;

/// The drawing's width in its own units. The theme shows a chart at most a
/// little wider than this and scales it down to a phone's 343 px of
/// content, so text of [`TEXT`] units stays at least 12 px there.
const WIDTH: f64 = 340.0;
/// The size of every text in the charts, in the drawing's units.
const TEXT: f64 = 12.5;
/// Each region takes a line for its name and a line for its bar or lane:
/// a name above the bar can be as long as the chart is wide.
const ROW: f64 = 40.0;
const BAR: f64 = 14.0;
/// Room at the right for the value after the longest bar.
const VALUE_ROOM: f64 = 48.0;
/// At most this many bars or lanes; the table holds all of them.
pub const MAX_ROWS: usize = 40;
const INK: &str = "#1b1b1b";
const BRAND: &str = "#154273";
const GRID: &str = "#c8d1dc";

/// One bar of a bar chart: a region and its value.
pub struct Bar {
    /// The region's name, cut to 46 characters in the chart.
    pub label: String,
    /// The value; the longest bar is the largest value.
    pub value: f64,
    /// The value as the reader sees it ("178", "11,9").
    pub value_text: String,
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(max - 1).collect::<String>())
    }
}

fn open(s: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-titel {id}-uitleg" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titel">{}</title><desc id="{id}-uitleg">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// A horizontal bar chart, each region's name above its bar and the value
/// after it; bar lengths are proportional to the values, the longest
/// filling the plot area.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let shown = &bars[..bars.len().min(MAX_ROWS)];
    let max = shown.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let plot = WIDTH - VALUE_ROOM;
    let height = ROW * shown.len() as f64 + 4.0;
    let mut s = String::new();
    open(&mut s, id, title, desc, height);
    for (i, b) in shown.iter().enumerate() {
        let top = ROW * i as f64;
        let y = top + TEXT + 6.0;
        let w = if max > 0.0 { b.value / max * plot } else { 0.0 };
        let _ = write!(
            s,
            r#"<text x="0" y="{:.2}" font-size="{TEXT}" fill="{INK}">{}</text><rect class="bar" x="0" y="{y:.2}" width="{w:.2}" height="{BAR}" fill="{BRAND}" data-value="{}"/><text x="{:.2}" y="{:.2}" font-size="{TEXT}" fill="{INK}">{}</text>"#,
            top + TEXT,
            esc(&short(&b.label, 46)),
            b.value,
            w + 4.0,
            y + BAR - 2.5,
            esc(&b.value_text)
        );
    }
    s.push_str("</svg>");
    s
}

/// One step of a region on the timeline.
pub struct Mark {
    /// Months since year 0 ([`crate::base::model::PartialDate::month_index`]).
    pub month: i32,
    /// The step's number on the route, written in its dot; the legend
    /// under the chart names the steps by number.
    pub number: usize,
    /// The mark's tooltip (an SVG `<title>`): the date and the step
    /// (`oktober 2020: Ondertekening`).
    pub label: String,
}

/// A region's lane on the timeline.
pub struct Lane {
    /// The region's name, cut to 46 characters in the chart.
    pub label: String,
    /// The region's dated steps.
    pub marks: Vec<Mark>,
}

/// One lane per region under its name, its steps as numbered dots on a
/// shared time axis with a tick per year (or every few years).
pub fn timeline(id: &str, title: &str, desc: &str, lanes: &[Lane]) -> String {
    let shown = &lanes[..lanes.len().min(MAX_ROWS)];
    let months = shown.iter().flat_map(|l| l.marks.iter().map(|m| m.month));
    let (lo, hi) = months.fold((i32::MAX, i32::MIN), |(a, b), m| (a.min(m), b.max(m)));
    let (first_year, last_year) = if lo > hi {
        (2000, 2001)
    } else {
        (lo / 12, hi / 12 + 1)
    };
    let span = ((last_year - first_year) * 12).max(12) as f64;
    let (left, plot) = (10.0, WIDTH - 20.0);
    let x = |m: i32| left + (m - first_year * 12) as f64 / span * plot;
    let axis = ROW * shown.len() as f64 + 4.0;
    let height = axis + 20.0;
    let mut s = String::new();
    open(&mut s, id, title, desc, height);
    // Years: few enough labels that they never touch at this width.
    let step = ((last_year - first_year) / 5).max(1);
    let mut year = first_year;
    while year <= last_year {
        let xx = x(year * 12);
        let _ = write!(
            s,
            r#"<line x1="{xx:.2}" y1="0" x2="{xx:.2}" y2="{axis}" stroke="{GRID}"/><text x="{xx:.2}" y="{}" text-anchor="middle" font-size="{TEXT}" fill="{INK}">{year}</text>"#,
            axis + 16.0
        );
        year += step;
    }
    for (i, lane) in shown.iter().enumerate() {
        let top = ROW * i as f64;
        let y = top + TEXT + 14.0;
        let _ = write!(
            s,
            r#"<text x="0" y="{:.2}" font-size="{TEXT}" fill="{INK}">{}</text>"#,
            top + TEXT,
            esc(&short(&lane.label, 46))
        );
        if let (Some(a), Some(b)) = (
            lane.marks.iter().map(|m| m.month).min(),
            lane.marks.iter().map(|m| m.month).max(),
        ) {
            let _ = write!(
                s,
                r#"<line x1="{:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke="{BRAND}" stroke-width="2"/>"#,
                x(a),
                x(b)
            );
        }
        for m in &lane.marks {
            let cx = x(m.month);
            let _ = write!(
                s,
                r##"<g class="mark"><title>{}</title><circle cx="{cx:.2}" cy="{y:.2}" r="8" fill="{BRAND}" stroke="#ffffff" stroke-width="1.5"/><text x="{cx:.2}" y="{:.2}" text-anchor="middle" font-size="{TEXT}" font-weight="700" fill="#ffffff">{}</text></g>"##,
                esc(&m.label),
                y + 4.5,
                m.number
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_lengths_are_proportional() {
        let b = |v: f64| Bar {
            label: format!("r{v}"),
            value: v,
            value_text: v.to_string(),
        };
        let svg = bars("t", "T", "D", &[b(200.0), b(100.0), b(50.0)]);
        let widths: Vec<f64> = svg
            .match_indices(r#"width=""#)
            .filter_map(|(i, _)| svg[i + 7..].split('"').next()?.parse().ok())
            .collect();
        assert_eq!(widths.len(), 3);
        assert!((widths[0] / widths[1] - 2.0).abs() < 1e-6);
        assert!((widths[1] / widths[2] - 2.0).abs() < 1e-6);
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title"));
    }
}
