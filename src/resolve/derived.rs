//! The indexes the pages look things up in, built in one pass over every
//! region's lists: partner -> regions, theme -> everything said on it,
//! programme -> regions.

use super::references::References;
use super::{ItemRef, Region, ThemeEntries};
use crate::base::model::ProgrammeMeta;
use crate::load::Doc;
use std::collections::HashSet;

pub(super) struct Derived {
    /// Per partner: (region, role) pairs.
    pub partner_regions: Vec<Vec<(usize, Option<String>)>>,
    pub theme_entries: Vec<ThemeEntries>,
    /// Per programme: the regions in it.
    pub programme_regions: Vec<Vec<usize>>,
}

impl Derived {
    pub fn of(regions: &[Region], programmes: &[Doc<ProgrammeMeta>], refs: &References) -> Derived {
        let mut partner_regions = vec![Vec::new(); refs.partner_ix.len()];
        let mut theme_entries = vec![ThemeEntries::default(); refs.theme_ix.len()];
        let mut programme_regions = vec![Vec::new(); programmes.len()];
        for (ri, r) in regions.iter().enumerate() {
            let m = r.meta();
            let mut seen = HashSet::new();
            for p in &m.partners {
                if let Some(&pi) = refs.partner_ix.get(&p.id)
                    && seen.insert(pi)
                {
                    partner_regions[pi].push((ri, p.role.clone()));
                }
            }
            let tag = |list: &[crate::base::model::Statement],
                       pick: fn(&mut ThemeEntries) -> &mut Vec<ItemRef>,
                       te: &mut Vec<ThemeEntries>| {
                for (i, s) in list.iter().enumerate() {
                    if let Some(&ti) = refs.theme_ix.get(&s.theme) {
                        pick(&mut te[ti]).push(ItemRef {
                            region: ri,
                            item: i,
                        });
                    }
                }
            };
            tag(&m.principles, |t| &mut t.principles, &mut theme_entries);
            tag(&m.agreements, |t| &mut t.agreements, &mut theme_entries);
            for (i, l) in m.lessons.iter().enumerate() {
                if let Some(&ti) = refs.theme_ix.get(&l.theme) {
                    theme_entries[ti].lessons.push(ItemRef {
                        region: ri,
                        item: i,
                    });
                }
            }
            if let Some(&pi) = m.programme.as_ref().and_then(|p| refs.programme_ix.get(p)) {
                programme_regions[pi].push(ri);
            }
        }
        for (pi, p) in programmes.iter().enumerate() {
            for (i, l) in p.meta.lessons.iter().enumerate() {
                if let Some(&ti) = refs.theme_ix.get(&l.theme) {
                    theme_entries[ti].programme_lessons.push(ItemRef {
                        region: pi,
                        item: i,
                    });
                }
            }
        }
        Derived {
            partner_regions,
            theme_entries,
            programme_regions,
        }
    }
}
