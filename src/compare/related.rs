//! The regions most like a region, for "vergelijkbare regio's" on its page.
//!
//! Scoring every pair is quadratic; at 10,000 regions that is 10^8 pairs.
//! Instead each region gathers a bounded set of candidates from indexes
//! (shared partners, its neighbours in size within each of its themes and
//! within its covenant kind) and scores only those.

use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::HashMap;

/// How many neighbours in size to take from each sorted list.
const NEAR: usize = 8;
/// How many regions per shared partner to consider.
const PER_PARTNER: usize = 64;
/// How many related regions a page shows.
pub const SHOWN: usize = 3;

struct Facts {
    themes: Vec<usize>,
    partners: Vec<usize>,
    kind: Option<crate::base::model::CovenantKind>,
    homes: Option<u32>,
    /// log10 of `homes` when above zero, taken once: every region is
    /// scored against hundreds of candidates.
    log_homes: Option<f64>,
}

fn facts(site: &Site, ri: usize) -> Facts {
    let m = site.regions[ri].meta();
    let mut themes: Vec<usize> = m
        .principles
        .iter()
        .chain(&m.agreements)
        .map(|s| &s.theme)
        .chain(m.lessons.iter().map(|l| &l.theme))
        .filter_map(|t| site.theme_ix.get(t).copied())
        .collect();
    themes.sort_unstable();
    themes.dedup();
    let mut partners: Vec<usize> = m
        .partners
        .iter()
        .filter_map(|p| site.partner_ix.get(&p.id).copied())
        .collect();
    partners.sort_unstable();
    partners.dedup();
    let c = m.covenant.as_ref();
    let homes = c.and_then(|c| c.homes_per_year);
    Facts {
        themes,
        partners,
        kind: c.and_then(|c| c.kind),
        homes,
        log_homes: homes.filter(|&h| h > 0).map(|h| f64::from(h).log10()),
    }
}

fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// `shared_partners` is counted while the candidates are gathered: a
/// region met in the lists of three of this region's partners shares
/// three. (Beyond [`PER_PARTNER`] regions a partner's list is not read, so
/// a partner of thousands of regions counts only for the first ones.)
fn score(a: &Facts, b: &Facts, shared_partners: u32) -> f64 {
    let mut s = 3.0 * f64::from(shared_partners) + 2.0 * shared(&a.themes, &b.themes) as f64;
    if a.kind.is_some() && a.kind == b.kind {
        s += 1.0;
    }
    if let (Some(x), Some(y)) = (a.log_homes, b.log_homes) {
        // 1 for the same size, 0 from a factor ten apart.
        s += (1.0 - (x - y).abs()).max(0.0);
    }
    s
}

/// Best first; on a tie the site order (by title).
fn better(a: (f64, usize), b: (f64, usize)) -> bool {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).is_lt()
}

/// Per region (in site order), the indexes of up to [`SHOWN`] related
/// regions, best first; only regions with something in common.
pub fn related(site: &Site) -> Vec<Vec<usize>> {
    let n = site.regions.len();
    let all: Vec<Facts> = (0..n).into_par_iter().map(|i| facts(site, i)).collect();
    let size = |i: usize| all[i].homes.unwrap_or(0);

    // Regions per theme and per covenant kind, sorted by size.
    let mut by_theme: Vec<Vec<usize>> = vec![Vec::new(); site.themes.len()];
    let mut by_kind: HashMap<crate::base::model::CovenantKind, Vec<usize>> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        for &t in &f.themes {
            by_theme[t].push(i);
        }
        if let Some(k) = f.kind {
            by_kind.entry(k).or_default().push(i);
        }
    }
    for l in by_theme.iter_mut().chain(by_kind.values_mut()) {
        l.sort_by_key(|&i| (size(i), i));
    }
    // Where in `list` the regions nearest to `i` in size are.
    let near = |list: &[usize], i: usize| {
        let at = list.partition_point(|&j| (size(j), j) < (size(i), i));
        at.saturating_sub(NEAR)..(at + NEAR + 1).min(list.len())
    };

    (0..n)
        .into_par_iter()
        .map_init(
            // Per worker: shared partners per region (a slot per region,
            // reset after each use) and the regions met, in order.
            || (vec![NOT_MET; n], Vec::new()),
            |(met, order), i| {
                let f = &all[i];
                let mut meet = |j: usize, partner: bool| {
                    if met[j] == NOT_MET {
                        met[j] = 0;
                        order.push(j);
                    }
                    met[j] += u32::from(partner);
                };
                for &p in &f.partners {
                    let mut last = None;
                    for &(j, _) in site.partner_regions[p].iter().take(PER_PARTNER) {
                        // A region that names a partner twice shares it once.
                        if last != Some(j) {
                            meet(j, true);
                        }
                        last = Some(j);
                    }
                }
                for &t in &f.themes {
                    let list = &by_theme[t];
                    list[near(list, i)].iter().for_each(|&j| meet(j, false));
                }
                if let Some(list) = f.kind.and_then(|k| by_kind.get(&k)) {
                    list[near(list, i)].iter().for_each(|&j| meet(j, false));
                }
                let mut best: Vec<(f64, usize)> = Vec::with_capacity(SHOWN + 1);
                for j in order.drain(..) {
                    let partners = std::mem::replace(&mut met[j], NOT_MET);
                    if j == i {
                        continue;
                    }
                    let s = score(f, &all[j], partners);
                    if s < 1.0 || (best.len() == SHOWN && !better((s, j), best[SHOWN - 1])) {
                        continue;
                    }
                    let at = best.partition_point(|&b| better(b, (s, j)));
                    best.insert(at, (s, j));
                    best.truncate(SHOWN);
                }
                best.into_iter().map(|(_, j)| j).collect()
            },
        )
        .collect()
}

/// A region not met yet as a candidate.
const NOT_MET: u32 = u32::MAX;
