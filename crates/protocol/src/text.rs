//! What no text of the wire may hold: the NUL character (U+0000). PostgreSQL cannot store it in text
//! and SQLite would keep it where no client expects it, so it is refused where requests come in (a JSON
//! body, a socket event's payload, a query string), the same on both databases: `400
//! invalid_characters`.

use serde_json::Value;

/// Whether any string of `value` (keys included) holds U+0000.
pub fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(fields) => fields.iter().any(|(key, value)| key.contains('\0') || has_nul(value)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Whether a raw (percent-encoded) query string holds U+0000.
pub fn query_has_nul(query: &str) -> bool {
    query.contains("%00")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nul_is_found_anywhere_in_a_payload() {
        assert!(has_nul(&json!("x\u{0}y")));
        assert!(has_nul(&json!({"a": [1, {"b": "\u{0}"}]})));
        assert!(has_nul(&json!({"k\u{0}": 1})));
        assert!(!has_nul(&json!({"content": "\\u0000 as text", "n": 0, "ok": null})));
        assert!(query_has_nul("q=a%00b") && !query_has_nul("q=a%2500b&limit=10"));
    }
}
