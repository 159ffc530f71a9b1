//! Open311 GeoReport v2, read-only: `services` are the agency's topics, `requests` its published questions,
//! in JSON and in XML (the specification's required format), with the specification's field names and
//! order. Questions have no place, so the location fields are present and empty.

use domain::archive::{Open311Discovery, Open311Endpoint, Open311Request, Open311Service};
use domain::{Lang, QuestionStatus};

use super::store::StoredQuestion;
use crate::agencies::Agency;
use crate::platform::xml::{DECLARATION, element};
use crate::questions::store::{display_code, stored_status};

pub const XML: &str = "text/xml; charset=utf-8";

/// The discovery document: one production GeoReport v2 endpoint, read-only, in XML and JSON.
pub fn discovery(agency: &Agency, origin: &str, now: &str) -> Open311Discovery {
    Open311Discovery {
        changeset: now.to_owned(),
        contact: agency.name.clone(),
        key_service: String::new(),
        endpoints: vec![Open311Endpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: format!("{origin}/open311/v2/{}", agency.slug),
            changeset: now.to_owned(),
            kind: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    }
}

pub fn discovery_xml(d: &Open311Discovery) -> String {
    let mut out = format!("{DECLARATION}<discovery>");
    out.push_str(&element("changeset", &d.changeset));
    out.push_str(&element("contact", &d.contact));
    out.push_str(&element("key_service", &d.key_service));
    out.push_str("<endpoints>");
    for e in &d.endpoints {
        out.push_str("<endpoint>");
        out.push_str(&element("specification", &e.specification));
        out.push_str(&element("url", &e.url));
        out.push_str(&element("changeset", &e.changeset));
        out.push_str(&element("type", &e.kind));
        out.push_str("<formats>");
        for format in &e.formats {
            out.push_str(&element("format", format));
        }
        out.push_str("</formats></endpoint>");
    }
    out.push_str("</endpoints></discovery>\n");
    out
}

pub fn services(agency: &Agency) -> Vec<Open311Service> {
    agency
        .topics
        .iter()
        .map(|topic| Open311Service {
            service_code: topic.slug.clone(),
            service_name: topic.name(Lang::Vi).to_owned(),
            description: format!("{} / {}", topic.name(Lang::Vi), topic.name(Lang::En)),
            metadata: false,
            kind: "realtime".into(),
            keywords: topic.slug.replace('-', ","),
            group: agency.name.clone(),
        })
        .collect()
}

/// A published question as a service request.
pub fn request(agency: &Agency, row: &StoredQuestion) -> Open311Request {
    let record = super::record(agency, row);
    let status = stored_status(&row.status);
    let topic = row.topic.as_deref().and_then(|slug| agency.topics.iter().find(|t| t.slug == slug));
    Open311Request {
        service_request_id: display_code(row.tracking_code.clone()),
        status: if QuestionStatus::awaits_answer(status) { "open" } else { "closed" }.into(),
        status_notes: record.answer.clone().or_else(|| row.status_note.clone()).unwrap_or_default(),
        service_name: topic.map(|t| t.name(Lang::Vi).to_owned()).unwrap_or_default(),
        service_code: row.topic.clone().unwrap_or_default(),
        description: format!("{}\n\n{}", record.title, record.body),
        agency_responsible: agency.name.clone(),
        service_notice: String::new(),
        requested_datetime: record.asked_at.clone(),
        // Never before publication: a question still as received would otherwise give, as its last step, the
        // exact time it was sent, which the records round to the hour.
        updated_datetime: row
            .updated_at
            .clone()
            .filter(|updated| *updated > record.published_at)
            .unwrap_or_else(|| record.published_at.clone()),
        // The end of the due day in Vietnam, where agencies work.
        expected_datetime: format!("{}T23:59:59+07:00", record.due_date),
        address: String::new(),
        address_id: String::new(),
        zipcode: String::new(),
        lat: None,
        long: None,
        media_url: String::new(),
    }
}

pub fn services_xml(services: &[Open311Service]) -> String {
    let mut out = format!("{DECLARATION}<services>\n");
    for s in services {
        out.push_str("<service>");
        out.push_str(&element("service_code", &s.service_code));
        out.push_str(&element("service_name", &s.service_name));
        out.push_str(&element("description", &s.description));
        out.push_str(&element("metadata", if s.metadata { "true" } else { "false" }));
        out.push_str(&element("type", &s.kind));
        out.push_str(&element("keywords", &s.keywords));
        out.push_str(&element("group", &s.group));
        out.push_str("</service>\n");
    }
    out.push_str("</services>\n");
    out
}

pub fn requests_xml(requests: &[Open311Request]) -> String {
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut out = format!("{DECLARATION}<service_requests>\n");
    for r in requests {
        out.push_str("<request>");
        for (name, value) in [
            ("service_request_id", r.service_request_id.as_str()),
            ("status", &r.status),
            ("status_notes", &r.status_notes),
            ("service_name", &r.service_name),
            ("service_code", &r.service_code),
            ("description", &r.description),
            ("agency_responsible", &r.agency_responsible),
            ("service_notice", &r.service_notice),
            ("requested_datetime", &r.requested_datetime),
            ("updated_datetime", &r.updated_datetime),
            ("expected_datetime", &r.expected_datetime),
            ("address", &r.address),
            ("address_id", &r.address_id),
            ("zipcode", &r.zipcode),
            ("lat", &number(r.lat)),
            ("long", &number(r.long)),
            ("media_url", &r.media_url),
        ] {
            out.push_str(&element(name, value));
        }
        out.push_str("</request>\n");
    }
    out.push_str("</service_requests>\n");
    out
}
