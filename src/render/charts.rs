//! Charts as static inline SVG, drawn at build time: no script, no request,
//! they scale with the page (viewBox) and print. Every chart is a picture
//! with a text alternative; the same numbers are always in a table next to
//! it, which is where links and exact values live.

use crate::base::html::escape as esc;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const LABEL: f64 = 210.0;
const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
/// At most this many bars or lanes; the table holds all of them.
pub const MAX_ROWS: usize = 40;
const INK: &str = "#1b1b1b";
const BRAND: &str = "#154273";
const GRID: &str = "#c8d1dc";

/// One bar of a bar chart: a region and its value.
pub struct Bar {
    /// The region's name, cut to 30 characters in the chart.
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

/// A horizontal bar chart; bar lengths are proportional to the values, the
/// longest filling the plot area.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let shown = &bars[..bars.len().min(MAX_ROWS)];
    let max = shown.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let plot = WIDTH - LABEL - 60.0;
    let height = ROW * shown.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-titel {id}-uitleg" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titel">{}</title><desc id="{id}-uitleg">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    let _ = write!(
        s,
        r#"<line x1="{LABEL}" y1="0" x2="{LABEL}" y2="{height}" stroke="{GRID}"/>"#
    );
    for (i, b) in shown.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = if max > 0.0 { b.value / max * plot } else { 0.0 };
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{INK}">{}</text><rect class="bar" x="{LABEL}" y="{}" width="{:.2}" height="{BAR}" fill="{BRAND}" data-value="{}"/><text x="{:.2}" y="{}" font-size="13" fill="{INK}">{}</text>"#,
            LABEL - 8.0,
            y + BAR - 3.0,
            esc(&short(&b.label, 30)),
            y,
            w,
            b.value,
            LABEL + w + 6.0,
            y + BAR - 3.0,
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
    /// The mark's tooltip (an SVG `<title>`): the date and the step
    /// (`oktober 2020: Ondertekening`).
    pub label: String,
}

/// A region's lane on the timeline.
pub struct Lane {
    /// The region's name, cut to 30 characters in the chart.
    pub label: String,
    /// The region's dated steps.
    pub marks: Vec<Mark>,
}

/// One lane per region, marks on a shared time axis with a tick per year.
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
    let plot = WIDTH - LABEL - 20.0;
    let x = |m: i32| LABEL + (m - first_year * 12) as f64 / span * plot;
    let height = ROW * shown.len() as f64 + 30.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-titel {id}-uitleg" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titel">{}</title><desc id="{id}-uitleg">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    let axis = ROW * shown.len() as f64 + 4.0;
    let step = ((last_year - first_year) / 8).max(1);
    let mut year = first_year;
    while year <= last_year {
        let xx = x(year * 12);
        let _ = write!(
            s,
            r#"<line x1="{xx:.2}" y1="0" x2="{xx:.2}" y2="{axis}" stroke="{GRID}"/><text x="{xx:.2}" y="{}" text-anchor="middle" font-size="12" fill="{INK}">{year}</text>"#,
            axis + 16.0
        );
        year += step;
    }
    for (i, lane) in shown.iter().enumerate() {
        let y = 4.0 + ROW * i as f64 + BAR / 2.0;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{INK}">{}</text>"#,
            LABEL - 8.0,
            y + 4.0,
            esc(&short(&lane.label, 30))
        );
        if let (Some(a), Some(b)) = (
            lane.marks.iter().map(|m| m.month).min(),
            lane.marks.iter().map(|m| m.month).max(),
        ) {
            let _ = write!(
                s,
                r#"<line x1="{:.2}" y1="{y}" x2="{:.2}" y2="{y}" stroke="{BRAND}" stroke-width="2"/>"#,
                x(a),
                x(b)
            );
        }
        for m in &lane.marks {
            let _ = write!(
                s,
                r##"<circle class="mark" cx="{:.2}" cy="{y}" r="5" fill="{BRAND}" stroke="#ffffff" stroke-width="1.5"><title>{}</title></circle>"##,
                x(m.month),
                esc(&m.label)
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
