//! The site's base URL, split into the absolute form (canonical links,
//! feeds, the citable permanent link) and the path form used for every
//! internal link, so a site hosted under a sub-path works.

/// The site's address in the two forms links need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org/draaiboek/`, always ending in `/`.
    pub absolute: String,
    /// `/draaiboek/`, always starting and ending in `/`.
    pub path: String,
}

impl BaseUrl {
    /// Reads an `http://` or `https://` address and adds a missing closing
    /// `/`; a query, a fragment or a missing host is an error, in Dutch,
    /// for the editor.
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
            .ok_or_else(|| format!("`{raw}` begint niet met http:// of https://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{raw}` heeft geen geldige hostnaam"));
        }
        if path.contains(['?', '#']) {
            return Err(format!("`{raw}` mag geen ? of # bevatten"));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme = &raw[..raw.len() - rest.len()];
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// Link for a site path like `regio/x/` (no leading slash).
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// Absolute URL for a site path like `regio/x/` (canonical links,
    /// feeds, the permanent link of a covenant page).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_and_trailing_slash() {
        let b = BaseUrl::parse("https://example.org/draaiboek").unwrap();
        assert_eq!(b.absolute, "https://example.org/draaiboek/");
        assert_eq!(b.path, "/draaiboek/");
        assert_eq!(b.link("regio/a/"), "/draaiboek/regio/a/");
        let r = BaseUrl::parse("http://127.0.0.1:8000").unwrap();
        assert_eq!(r.path, "/");
        assert_eq!(r.absolute("feed.xml"), "http://127.0.0.1:8000/feed.xml");
        assert!(BaseUrl::parse("example.org").is_err());
    }
}
