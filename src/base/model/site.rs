//! `content/site.yaml`: the site's own settings, menu and comparison
//! columns.

use super::*;
use serde::{Deserialize, Serialize};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name (`Draaiboek uitstroom`): in the header and browser
    /// tab of every page and the heading of the home page.
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// The site's published address (`https://draaiboek.example.nl/`):
    /// canonical links, the feed and the covenant pages' permanent links
    /// are built on it. `--base-url` overrides it.
    pub base_url: String,
    /// The language of everything the theme itself puts on a page (`nl`,
    /// the default, or `en`): it needs a file in the theme's `i18n/`.
    /// Editors' own texts are never translated.
    #[serde(default = "default_language")]
    pub language: String,
    /// The name of the folder in `themes/` that styles the site; `default`
    /// unless set.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Raw HTML in Markdown is shown as text unless this is `true`: content
    /// may come from partners, and a `<script>` in a playbook would run on
    /// every reader's page.
    #[serde(default)]
    pub allow_html: bool,
    /// Extra links in the main navigation, after the built-in sections.
    #[serde(default, deserialize_with = "or_empty")]
    pub menu: Vec<MenuItem>,
    /// Shown in the footer of every page.
    #[serde(default)]
    pub footer: Option<String>,
    /// Who publishes the site (`Platform Uitstroom`), in the footer of
    /// every page: a public knowledge base says whose it is.
    #[serde(default)]
    pub publisher: Option<String>,
    /// How to reach the publisher: an e-mail address or an `https://`
    /// address, linked in the footer of every page.
    #[serde(default)]
    pub contact: Option<String>,
    /// An image for link previews (Open Graph): a path under the theme's
    /// `static/` folder such as `/static/delen.png`, or a full URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Where to report a security problem: an e-mail address or an
    /// `https://` address. Written to `/.well-known/security.txt` (RFC 9116)
    /// and named in the footer of every page, the accessibility statement
    /// included.
    #[serde(default)]
    pub security_contact: Option<String>,
    /// The CMS at `/admin/`: whether the built site carries it, and the git
    /// host it saves to there.
    #[serde(default)]
    pub admin: Option<AdminConfig>,
    /// The comparison table at /vergelijk/.
    #[serde(default)]
    pub compare: Option<CompareConfig>,
    /// The editor's own fields, never checked and not shown (yet).
    #[serde(default, deserialize_with = "or_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: Extra,
}

/// The `compare:` block of `site.yaml`: the columns of `/vergelijk/` and of
/// `regions.csv`, instead of the default set.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareConfig {
    /// The columns, in the order the table shows them.
    pub columns: Vec<CompareColumn>,
}

/// One column of the comparison table.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareColumn {
    /// A path into the region: `covenant.homes_per_year`, `extra.inhabitants`,
    /// `partners.gemeente`, `derived.homes_per_10000`, ...
    pub field: String,
    /// The column heading (`Woningen per jaar`), shown as written in every
    /// language.
    pub label: String,
    /// How the value is shown and sorted; without it, the field's natural
    /// format.
    #[serde(default)]
    pub format: Option<ColumnFormat>,
}

/// How a comparison column shows and sorts its values, written in lower
/// case in `site.yaml` (`format: number`). A value that does not fit the
/// format is shown as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ColumnFormat {
    /// A number, formatted in the site's language and sorted by value; text
    /// such as `1.234` or `61,7` is read as a number.
    Number,
    /// A date as precise as it is known (`2020`, `2020-10`), sorted in
    /// time.
    Date,
    /// Text as written, sorted alphabetically.
    Text,
    /// A list, shown separated by commas.
    List,
    /// Written `yesno` in site.yaml.
    Yesno,
    /// A link: a site path starting with `/` or an `http(s)` URL.
    Link,
}

/// An extra link in the main navigation (`menu:` in `site.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// The link text (`Over deze site`).
    #[serde(deserialize_with = "filled_title")]
    pub title: String,
    /// A site path such as `/over/` or a full URL.
    pub url: String,
}

/// The `admin:` block of `site.yaml`. `draaiboek serve` always offers the
/// CMS on the editor's own machine; the published site only with
/// `publish: true`, saving through the git host named here.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// `true` puts `/admin/` in the built site.
    #[serde(default)]
    pub publish: bool,
    /// The git host the published CMS logs in to and commits to.
    #[serde(default)]
    pub backend: Option<GitHost>,
    /// The repository, `owner/name`.
    #[serde(default)]
    pub repo: Option<String>,
    /// The branch the CMS commits to (`main` when left out).
    #[serde(default)]
    pub branch: Option<String>,
    /// The address of a self-hosted GitLab or Gitea/Forgejo, with https://.
    #[serde(default)]
    pub base_url: Option<String>,
}

/// A git host the CMS can save to (`backend:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GitHost {
    /// GitHub (`github`).
    Github,
    /// GitLab (`gitlab`).
    Gitlab,
    /// Gitea or Forgejo (`gitea`).
    Gitea,
}

impl GitHost {
    /// The CMS's name for the host.
    pub fn backend(self) -> &'static str {
        match self {
            GitHost::Github => "github",
            GitHost::Gitlab => "gitlab",
            GitHost::Gitea => "gitea",
        }
    }
}
