//! The server's clock, in the two forms it stores: RFC 3339 text and Unix seconds.

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Now in RFC 3339, UTC, to the second.
pub fn now_rfc3339() -> String {
    rfc3339_in(Duration::ZERO)
}

/// `span` from now in RFC 3339, UTC, to the second (the form [`now_rfc3339`] writes, so the two
/// compare as text).
pub fn rfc3339_in(span: Duration) -> String {
    let then = OffsetDateTime::now_utc() + span;
    let then = then.replace_nanosecond(0).unwrap_or(then);
    then.format(&Rfc3339).unwrap_or_default()
}

/// Now in RFC 3339, UTC, to the millisecond, always three digits: for records made in quick
/// succession whose text must sort in the order they were made (the endpoint tester's log).
pub fn now_rfc3339_millis() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    OffsetDateTime::now_utc().format(&format).unwrap_or_default()
}

/// Now in seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Whether the RFC 3339 time `earlier` is less than `span` before `later`.
pub fn within(earlier: &str, later: &str, span: Duration) -> bool {
    match (OffsetDateTime::parse(earlier, &Rfc3339), OffsetDateTime::parse(later, &Rfc3339)) {
        (Ok(earlier), Ok(later)) => later - earlier < span,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_compared_by_value_not_by_text() {
        assert!(within("2026-01-01T00:00:00Z", "2026-01-01T00:00:59Z", Duration::from_secs(60)));
        assert!(!within("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", Duration::from_secs(60)));
        assert!(!within("garbled", "2026-01-01T00:01:00Z", Duration::from_secs(60)));
    }

    #[test]
    fn now_has_whole_seconds_and_agrees_with_unix_now() {
        let text = now_rfc3339();
        assert!(text.ends_with('Z') && !text.contains('.'), "{text}");
        let parsed = OffsetDateTime::parse(&text, &Rfc3339).unwrap().unix_timestamp();
        assert!((unix_now() - parsed).abs() <= 1);
    }

    #[test]
    fn a_later_time_sorts_after_now_as_text() {
        let (now, later) = (now_rfc3339(), rfc3339_in(Duration::from_secs(86_400)));
        assert!(later > now, "{later} after {now}");
        // The two were read apart, so a second may have begun between them.
        assert!(within(&now, &later, Duration::from_secs(86_402)));
        assert!(!within(&now, &later, Duration::from_secs(86_400)));
    }

    #[test]
    fn now_in_milliseconds_has_three_digits_and_parses() {
        let text = now_rfc3339_millis();
        assert_eq!(text.len(), "2026-01-01T00:00:00.000Z".len(), "{text}");
        assert!(OffsetDateTime::parse(&text, &Rfc3339).is_ok(), "{text}");
    }
}
