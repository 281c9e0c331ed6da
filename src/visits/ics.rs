//! A booking as an iCalendar file (RFC 5545), for the phone's calendar: one event, in UTC.
//! Text is escaped (§3.3.11) and lines longer than 75 octets are folded (§3.1).

use chrono::{DateTime, Utc};

/// The event a calendar file holds.
pub struct Event<'a> {
    /// Stable across downloads, so a calendar updates the event rather than adding another.
    pub uid: &'a str,
    /// When the file was made.
    pub stamp: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub cancelled: bool,
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslashes, semicolons, commas and line breaks escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The calendar file of one event.
pub fn calendar(e: &Event<'_>) -> String {
    let mut out = String::new();
    for content in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Seteli//Intro visit//FI".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@seteli", escape(e.uid)),
        format!("DTSTAMP:{}", utc(e.stamp)),
        format!("DTSTART:{}", utc(e.starts_at)),
        format!("DTEND:{}", utc(e.ends_at)),
        format!("SUMMARY:{}", escape(e.summary)),
        format!("LOCATION:{}", escape(e.location)),
        format!("DESCRIPTION:{}", escape(e.description)),
        format!(
            "STATUS:{}",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ] {
        line(&mut out, &content);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event<'a>(description: &'a str) -> Event<'a> {
        Event {
            uid: "0190a000-0000-7000-8000-000000000001",
            stamp: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            starts_at: Utc.with_ymd_and_hms(2026, 3, 3, 7, 30, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 3, 3, 8, 30, 0).unwrap(),
            summary: "Tutustumiskäynti: Paja ry",
            location: "Verstas, Kauppakatu 1, 18100 Heinola",
            description,
            cancelled: false,
        }
    }

    #[test]
    fn lines_end_in_crlf_are_folded_and_text_is_escaped() {
        let long = "Soita ovikelloa B-ovella; sisään, kiitos.\nKahvia on. ".repeat(4);
        let file = calendar(&event(&long));
        assert!(file.ends_with("END:VCALENDAR\r\n"));
        for line in file.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        // Unfolded, the description reads back as written, escapes and all.
        let unfolded = file.replace("\r\n ", "");
        assert!(
            unfolded.contains("DESCRIPTION:Soita ovikelloa B-ovella\\; sisään\\, kiitos.\\nKahvia")
        );
        assert!(unfolded.contains("DTSTART:20260303T073000Z"));
        assert!(unfolded.contains("LOCATION:Verstas\\, Kauppakatu 1\\, 18100 Heinola"));
    }
}
