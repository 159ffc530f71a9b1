//! Checks for the contact details a citizen may leave.

/// Accepts the addresses people actually type (`ten.ho+tag@so-tttt.gov.vn`, internationalised domains)
/// and refuses what cannot be delivered to. Expects normalised text.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > 254 {
        return false;
    }
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    is_valid_local_part(local) && is_valid_domain(domain)
}

fn is_valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-.";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
}

/// Returns a Vietnamese phone number in its national form (`0912345678`), or `None` when it is not one.
/// People write `+84 912 345 678`, `0912.345.678` or `(024) 3825 1234`: separators are ignored.
/// Mobile numbers have ten digits (03x, 05x, 07x, 08x, 09x); landlines have eleven (02x area codes).
pub fn normalise_vn_phone(phone: &str) -> Option<String> {
    let mut digits = String::with_capacity(phone.len());
    for (i, c) in phone.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if phone.starts_with('+') {
        format!("0{}", digits.strip_prefix("84")?)
    } else if digits.starts_with("84") && digits.len() >= 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    let bytes = national.as_bytes();
    let valid = match bytes.len() {
        10 => bytes[0] == b'0' && matches!(bytes[1], b'3' | b'5' | b'7' | b'8' | b'9'),
        11 => bytes[0] == b'0' && bytes[1] == b'2',
        _ => false,
    };
    valid.then_some(national)
}
