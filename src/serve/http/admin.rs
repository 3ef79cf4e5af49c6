//! The CMS at `/admin/` while `serve` runs: its page, its configuration
//! (generated from the model on every request, so a new partner is in the
//! relation lists at once), the vendored bundle, and the local endpoint it
//! saves through. The endpoint answers only the editor's own machine
//! (loopback), only under a loopback name, and only a page served here
//! (the `Origin` is this server).

use super::*;
use crate::cms;

/// Where the CMS finds its files: the project (the folder with
/// `content/`), and the theme's `admin/` folder with the bundle.
#[derive(Debug, Clone)]
pub struct Cms {
    /// The folder that holds `content/`.
    pub project: PathBuf,
    /// The content folder.
    pub content: PathBuf,
    /// `themes/<theme>/admin`.
    pub admin: PathBuf,
}

/// The answer for a GET under `/admin/`, `None` for any other address.
/// `host` is the request's `Host`: the CMS wants the endpoint's full address.
pub(super) fn page(url: &str, host: Option<&str>, shared: &Shared) -> Option<Reply> {
    let cms = shared.cms.as_ref()?;
    let path = url.split('?').next().unwrap_or(url);
    if path == "/admin" {
        return Some(Reply::text(301, "").with("Location", "/admin/"));
    }
    let rest = path.strip_prefix("/admin/")?;
    if rest.is_empty() || rest == "index.html" {
        return Some(Reply::new(
            200,
            "text/html; charset=utf-8",
            cms::PAGE.as_bytes().to_vec(),
        ));
    }
    if rest == "config.yml" {
        let api = format!("http://{}/api/v1", host.unwrap_or("127.0.0.1"));
        let site = std::fs::read_to_string(cms.content.join("site.yaml")).unwrap_or_default();
        let admin = serde_yaml::from_str::<crate::base::model::SiteConfig>(&site)
            .ok()
            .and_then(|s| s.admin);
        let config = cms::config(&cms.content, Some(&api), admin.as_ref());
        return Some(Reply::new(
            200,
            "text/yaml; charset=utf-8",
            config.to_string().into_bytes(),
        ));
    }
    let name = rest.strip_prefix("decap/")?;
    let plain = !name.is_empty()
        && name.ends_with(".js")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !plain {
        return Some(Reply::text(404, "Niet gevonden."));
    }
    Some(match std::fs::read(cms.admin.join("decap").join(name)) {
        Ok(body) => Reply::new(200, "text/javascript; charset=utf-8", body)
            .with("Cache-Control", "max-age=3600"),
        Err(_) => Reply::text(404, "Niet gevonden."),
    })
}

/// A POST to `/api/v1`: read, checked, answered.
pub(super) fn api(mut req: Request, shared: &Shared) {
    let Some(cms) = shared.cms.clone() else {
        return send(req, Reply::text(404, "Niet gevonden."));
    };
    let loopback = req.remote_addr().is_some_and(|a| a.ip().is_loopback());
    let header = |name: &'static str| {
        req.headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    // The page must come from this server under a loopback name: a site
    // whose domain is made to point at 127.0.0.1 (DNS rebinding) has its
    // own name in Host and Origin, and is refused.
    let own_page = match (header("Origin"), header("Host")) {
        (Some(origin), Some(host)) => {
            let name = host.rsplit_once(':').map_or(host.as_str(), |(n, _)| n);
            matches!(name, "127.0.0.1" | "localhost" | "[::1]")
                && origin == format!("http://{host}")
        }
        _ => false,
    };
    let json = header("Content-Type").is_some_and(|c| c.starts_with("application/json"));
    if !loopback || !own_page || !json {
        return send(
            req,
            Reply::text(
                403,
                "Alleen de redactiepagina van deze computer mag bestanden opslaan.",
            ),
        );
    }
    let mut body = Vec::new();
    if req
        .as_reader()
        .take(MAX_DRAIN as u64)
        .read_to_end(&mut body)
        .is_err()
    {
        return send(
            req,
            Reply::text(400, "De aanvraag kon niet gelezen worden."),
        );
    }
    let (status, answer) = cms::local::answer(&cms.project, &body);
    send(
        req,
        Reply::new(status, "application/json", answer.to_string().into_bytes()),
    )
}
