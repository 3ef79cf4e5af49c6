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
    /// The site path (`/regio/x/`) of a full address on this very site
    /// (`https://draaiboek.example.nl/regio/x/`), with or without `www.`,
    /// over `http` or `https`, in any case of the host; `None` for another
    /// site. A link written in full to the site itself can break like any
    /// other, so the link check reads it as the path it is.
    pub fn own_path(&self, link: &str) -> Option<String> {
        let strip = |u: &str| -> Option<(String, String)> {
            let rest = u
                .strip_prefix("https://")
                .or_else(|| u.strip_prefix("http://"))?;
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = host.to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
            Some((host, path.to_string()))
        };
        let (own_host, own_path) = strip(&self.absolute)?;
        let (host, path) = strip(link)?;
        if host != own_host {
            return None;
        }
        let path = if path.is_empty() {
            "/".to_string()
        } else {
            path
        };
        let inner = path.strip_prefix(own_path.trim_end_matches('/'))?;
        match inner {
            "" => Some("/".to_string()),
            i if i.starts_with('/') => Some(i.to_string()),
            // `/draaiboekx/` is another address than `/draaiboek/`.
            _ => None,
        }
    }

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
    fn a_full_address_on_the_site_itself_is_its_path() {
        let b = BaseUrl::parse("https://example.org/draaiboek/").unwrap();
        let own = |l: &str| b.own_path(l);
        assert_eq!(
            own("https://example.org/draaiboek/regio/x/").as_deref(),
            Some("/regio/x/")
        );
        assert_eq!(
            own("http://www.Example.org/draaiboek/").as_deref(),
            Some("/")
        );
        assert_eq!(own("https://example.org/draaiboek").as_deref(), Some("/"));
        assert_eq!(own("https://example.org/draaiboekx/regio/"), None);
        assert_eq!(own("https://example.org/elders/"), None);
        assert_eq!(own("https://andere.example.org/draaiboek/regio/x/"), None);
        assert_eq!(own("/regio/x/"), None);
    }

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
