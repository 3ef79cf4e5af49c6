//! The route a starting region follows, derived from every region's
//! `process`: which regions took each step, when, and how long it took
//! since their previous step. Durations are computed only from dates known
//! to the month; anything less precise is "onbekend", never a guess.

use crate::base::model::{PartialDate, ProcessEntry};
use crate::base::translations::Translations;
use crate::resolve::Site;

/// The order in which a region's process is told: by date when every entry
/// has one, otherwise the editor's order (an undated step cannot be placed
/// in time). Returns indexes into `process`.
pub fn process_order(process: &[ProcessEntry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..process.len()).collect();
    // A day without a year cannot be placed in time either.
    if process
        .iter()
        .all(|p| p.date.is_some_and(|d| d.year.is_some()))
    {
        order.sort_by_key(|&i| (process[i].date, i));
    }
    order
}

/// Months from `a` to `b`, when both are known to the month.
pub fn months_between(a: PartialDate, b: PartialDate) -> Option<i32> {
    if a.month.is_none() || b.month.is_none() {
        return None;
    }
    Some(b.month_index()? - a.month_index()?)
}

/// "1 maand", "20 maanden", "2 jaar", "1 jaar en 3 maanden".
pub fn duration_text(t: &Translations, months: i32) -> String {
    let (y, m) = (months / 12, months % 12);
    let months_text = |m: i32| t.count("duration_months", m.max(0) as u64);
    let years_text = |y: i32| t.count("duration_years", y.max(0) as u64);
    match (y, m) {
        (0, m) => months_text(m),
        (y, 0) => years_text(y),
        (y, m) => t.fill(
            "duration_years_months",
            &[("years", &years_text(y)), ("months", &months_text(m))],
        ),
    }
}

/// One region's entry for a step.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The region's place in the site.
    pub region: usize,
    /// Index into the region's `process`.
    pub entry: usize,
    /// Months since the region's previous entry, where both dates allow.
    pub months: Option<i32>,
}

/// Per step (in site order), every region's first entry for it, with the
/// months since the region's previous step of the same agreement.
///
/// A region's process can tell more than one agreement (a convenant of
/// 2005 and its successor of 2018). A step that is not further along the
/// route than the one before it (a second signing, a new start) begins the
/// next agreement's story: no duration is measured across it, so twelve
/// years between two covenants never read as the time one step took. A
/// step the region took before neither adds a visit nor counts twice.
pub fn visits(site: &Site) -> Vec<Vec<Visit>> {
    let mut out = vec![Vec::new(); site.steps.len()];
    for (ri, r) in site.regions.iter().enumerate() {
        let process = &r.meta().process;
        let mut taken = vec![false; site.steps.len()];
        let mut previous: Option<(usize, usize)> = None;
        for i in process_order(process) {
            let Some(&si) = site.step_ix.get(&process[i].step) else {
                continue;
            };
            if previous.is_some_and(|(_, ps)| si <= ps) {
                previous = None;
            }
            if std::mem::replace(&mut taken[si], true) {
                previous = Some((i, si));
                continue;
            }
            let months = match (previous.map(|(p, _)| process[p].date), process[i].date) {
                (Some(Some(prev)), Some(this)) => months_between(prev, this).filter(|m| *m >= 0),
                _ => None,
            };
            previous = Some((i, si));
            out[si].push(Visit {
                region: ri,
                entry: i,
                months,
            });
        }
    }
    out
}

/// "3 tot 20 maanden" over the known durations; `None` when none is known.
pub fn range_text(t: &Translations, visits: &[Visit]) -> Option<String> {
    let known: Vec<i32> = visits.iter().filter_map(|v| v.months).collect();
    let lo = *known.iter().min()?;
    let hi = *known.iter().max()?;
    let regions = t.count("region_count", known.len() as u64);
    Some(if lo == hi {
        t.fill(
            "duration_single",
            &[("duration", &duration_text(t, lo)), ("regions", &regions)],
        )
    } else {
        t.fill(
            "duration_range",
            &[
                ("from", &duration_text(t, lo)),
                ("to", &duration_text(t, hi)),
                ("regions", &regions),
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn durations_need_months_on_both_sides() {
        assert_eq!(months_between(d("2019-03"), d("2020-10-07")), Some(19));
        assert_eq!(months_between(d("2019"), d("2020-10")), None);
        let t = Translations::new(
            "nl",
            [
                ("duration_months_one", "{n} maand"),
                ("duration_months_other", "{n} maanden"),
                ("duration_years_one", "{n} jaar"),
                ("duration_years_other", "{n} jaar"),
                ("duration_years_months", "{years} en {months}"),
                ("number_group", "."),
                ("number_decimal", ","),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        assert_eq!(duration_text(&t, 19), "1 jaar en 7 maanden");
        assert_eq!(duration_text(&t, 1), "1 maand");
        assert_eq!(duration_text(&t, 24), "2 jaar");
    }
}
