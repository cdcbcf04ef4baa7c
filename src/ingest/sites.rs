//! The sites data are reported for: stations (by code, or by name in some long files) and
//! cities (by short Chinese name), interned to small ids for the hot loops.

use std::collections::HashMap;

/// A site's index in [`Sites`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SiteId(pub u32);

/// What a site is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteKind {
    /// A monitoring station.
    Station,
    /// A city (a column of the CNEMC city variant, a city-level long file, or an aggregate).
    City,
}

/// One site.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// Station code (or name as the file gives it) or city name.
    pub key: String,
    /// Station or city.
    pub kind: SiteKind,
    /// The city a station belongs to, if known.
    pub city: Option<String>,
    /// A control (background) point, excluded from city values (HJ 663).
    pub control: bool,
}

/// The registry of sites of one run.
#[derive(Clone, Debug, Default)]
pub struct Sites {
    list: Vec<Site>,
    index: HashMap<(SiteKind, String), SiteId>,
}

impl Sites {
    /// The id of a site, registering it on first sight with the given city and control flag
    /// (a later registration does not change them).
    pub fn intern(
        &mut self,
        kind: SiteKind,
        key: &str,
        city: Option<&str>,
        control: bool,
    ) -> SiteId {
        if let Some(&id) = self.index.get(&(kind, key.to_string())) {
            return id;
        }
        let id = SiteId(self.list.len() as u32);
        self.list.push(Site {
            key: key.to_string(),
            kind,
            city: city.map(str::to_string),
            control,
        });
        self.index.insert((kind, key.to_string()), id);
        id
    }

    /// Looks a site up without registering it.
    pub fn find(&self, kind: SiteKind, key: &str) -> Option<SiteId> {
        self.index.get(&(kind, key.to_string())).copied()
    }

    /// The site of an id.
    pub fn get(&self, id: SiteId) -> &Site {
        &self.list[id.0 as usize]
    }

    /// Number of sites.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// No sites yet?
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
