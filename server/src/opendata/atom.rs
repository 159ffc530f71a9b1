//! Atom feeds (RFC 4287), written by hand: new published answers per agency (and per topic), new
//! consultations, published reports. Entry ids are tag URIs built from the agency and the record, so they
//! stay the same whatever address the server is reached at.

use crate::platform::xml::{self, DECLARATION, element};

pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";

pub struct Feed {
    pub id: String,
    pub title: String,
    /// The feed's own address.
    pub self_link: String,
    pub author: String,
    pub lang: &'static str,
    pub entries: Vec<Entry>,
}

pub struct Entry {
    pub id: String,
    pub title: String,
    pub updated: String,
    pub published: Option<String>,
    /// Where the record is read, and its media type.
    pub link: String,
    pub link_type: &'static str,
    /// A topic: its slug and its name.
    pub category: Option<(String, String)>,
    pub summary: Option<String>,
    pub content: Option<String>,
}

/// `tag:tuongtac,2026:AGENCY/REST`: an id that never changes and names no host.
pub fn tag(agency: &str, rest: &str) -> String {
    format!("tag:tuongtac,2026:{agency}/{rest}")
}

fn link(rel: &str, href: &str, kind: Option<&str>) -> String {
    let kind = kind.map(|k| format!(" type=\"{}\"", xml::escape(k))).unwrap_or_default();
    format!("<link rel=\"{rel}\" href=\"{}\"{kind}/>", xml::escape(href))
}

/// The feed as XML. Its `updated` is its newest entry's, or `now` when it has none.
pub fn write(feed: &Feed, now: &str) -> String {
    let updated = feed.entries.iter().map(|e| e.updated.as_str()).max().unwrap_or(now);
    let mut out = String::from(DECLARATION);
    out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", feed.lang));
    out.push_str(&element("id", &feed.id));
    out.push_str(&element("title", &feed.title));
    out.push_str(&element("updated", updated));
    out.push_str(&format!("<author>{}</author>", element("name", &feed.author)));
    out.push_str(&link("self", &feed.self_link, Some("application/atom+xml")));
    out.push_str(&link("license", super::LICENCE_URL, None));
    out.push_str(&element("rights", &format!("{} ({})", super::LICENCE, super::LICENCE_URL)));
    out.push('\n');
    for entry in &feed.entries {
        out.push_str("<entry>");
        out.push_str(&element("id", &entry.id));
        out.push_str(&element("title", &entry.title));
        out.push_str(&element("updated", &entry.updated));
        if let Some(published) = &entry.published {
            out.push_str(&element("published", published));
        }
        out.push_str(&link("alternate", &entry.link, Some(entry.link_type)));
        if let Some((term, label)) = &entry.category {
            out.push_str(&format!("<category term=\"{}\" label=\"{}\"/>", xml::escape(term), xml::escape(label)));
        }
        if let Some(summary) = &entry.summary {
            out.push_str(&format!("<summary type=\"text\">{}</summary>", xml::escape(summary)));
        }
        if let Some(content) = &entry.content {
            out.push_str(&format!("<content type=\"text\">{}</content>", xml::escape(content)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
