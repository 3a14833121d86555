//! The well-known types against JSON.
//!
//! Money is a decimal string in gRPC ("12.50"), exact; the REST edge reads
//! and writes JSON numbers. A decimal string is parsed here, so a bad one is
//! refused naming its field before the REST edge sees it.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use prost_types::value::Kind;
use prost_types::{ListValue, Struct, Timestamp};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};
use tonic::Status;

use crate::status;

/// Nesting of a `Struct` converted, at most (deeper is refused): bounds the
/// recursion on client input.
pub const MAX_STRUCT_DEPTH: usize = 32;

/// A `Struct` as a JSON object; `field` names it in an error.
pub fn object(field: &str, value: &Struct) -> Result<Value, Status> {
    struct_value(field, value, 0)
}

fn struct_value(field: &str, value: &Struct, depth: usize) -> Result<Value, Status> {
    if depth > MAX_STRUCT_DEPTH {
        return Err(status::invalid(field, "nested too deeply"));
    }
    let mut map = Map::new();
    for (key, v) in &value.fields {
        map.insert(key.clone(), json_value(field, v, depth + 1)?);
    }
    Ok(Value::Object(map))
}

fn json_value(field: &str, value: &prost_types::Value, depth: usize) -> Result<Value, Status> {
    Ok(match &value.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::BoolValue(b)) => Value::Bool(*b),
        Some(Kind::StringValue(s)) => Value::String(s.clone()),
        Some(Kind::NumberValue(n)) => Number::from_f64(*n)
            .map(Value::Number)
            .ok_or_else(|| status::invalid(field, "a number must be finite"))?,
        Some(Kind::StructValue(s)) => struct_value(field, s, depth)?,
        Some(Kind::ListValue(list)) => {
            if depth > MAX_STRUCT_DEPTH {
                return Err(status::invalid(field, "nested too deeply"));
            }
            let items: Result<Vec<Value>, Status> = list
                .values
                .iter()
                .map(|v| json_value(field, v, depth + 1))
                .collect();
            Value::Array(items?)
        }
    })
}

/// A JSON object as a `Struct` (`None` for anything else). Numbers become
/// doubles, as `google.protobuf.Value` holds them.
pub fn to_struct(value: &Value) -> Option<Struct> {
    match value {
        Value::Object(map) => Some(Struct {
            fields: map.iter().map(|(k, v)| (k.clone(), to_value(v))).collect(),
        }),
        _ => None,
    }
}

fn to_value(value: &Value) -> prost_types::Value {
    let kind = match value {
        Value::Null => Kind::NullValue(0),
        Value::Bool(b) => Kind::BoolValue(*b),
        Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => Kind::StringValue(s.clone()),
        Value::Array(items) => Kind::ListValue(ListValue {
            values: items.iter().map(to_value).collect(),
        }),
        Value::Object(_) => match to_struct(value) {
            Some(s) => Kind::StructValue(s),
            None => Kind::NullValue(0),
        },
    };
    prost_types::Value { kind: Some(kind) }
}

/// A decimal string as the JSON number the REST edge reads.
pub fn decimal(field: &str, text: &str) -> Result<Value, Status> {
    let value = Decimal::from_str(text.trim())
        .map_err(|_| status::invalid(field, "not a decimal number (e.g. \"12.50\")"))?;
    serde_json::to_value(value).map_err(|err| status::invalid(field, err.to_string()))
}

/// A JSON number (or numeric string) as a decimal string without trailing
/// zeros ("5", "12.5"); empty when absent.
pub fn decimal_text(value: Option<&Value>) -> String {
    let text = match value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => return String::new(),
    };
    match Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)) {
        Ok(value) => value.normalize().to_string(),
        Err(_) => text,
    }
}

/// A timestamp as the RFC 3339 string the REST edge reads.
pub fn rfc3339(field: &str, at: &Timestamp) -> Result<Value, Status> {
    let nanos = u32::try_from(at.nanos).map_err(|_| status::invalid(field, "negative nanos"))?;
    let time = DateTime::<Utc>::from_timestamp(at.seconds, nanos)
        .ok_or_else(|| status::invalid(field, "out of range"))?;
    Ok(Value::String(time.to_rfc3339()))
}

/// An RFC 3339 string of a REST answer as a timestamp.
pub fn timestamp(value: Option<&Value>) -> Option<Timestamp> {
    let text = value?.as_str()?;
    let time = DateTime::parse_from_rfc3339(text).ok()?;
    Some(Timestamp {
        seconds: time.timestamp(),
        nanos: i32::try_from(time.timestamp_subsec_nanos()).ok()?,
    })
}
