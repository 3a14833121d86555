//! Request messages as the REST edge's JSON bodies.
//!
//! Only fields the message sets are written, so the REST edge applies its
//! own defaults and bounds to the rest, and names the field it refuses with
//! the same path (`context.items[2].price`).

use serde_json::{Map, Value};
use tonic::Status;

use crate::convert::json;
use crate::proto;

/// Puts `value` under `key` when it is set.
pub fn put(map: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), Value::String(value.clone()));
    }
}

/// Puts a list of strings under `key` when it is not empty.
pub fn put_list(map: &mut Map<String, Value>, key: &str, values: &[String]) {
    if !values.is_empty() {
        let list = values.iter().cloned().map(Value::String).collect();
        map.insert(key.to_owned(), Value::Array(list));
    }
}

/// A body's `codes` and `context`, the start of a validate or preview body.
pub fn codes_and_context(
    codes: &[String],
    context: Option<&proto::Context>,
    store_key: &str,
) -> Result<Map<String, Value>, Status> {
    let mut body = Map::new();
    put_list(&mut body, "codes", codes);
    if let Some(context) = context {
        body.insert(
            String::from("context"),
            self::context("context", context, store_key)?,
        );
    }
    Ok(body)
}

/// The REST `context` of a checkout context. `store_key` is the name of the
/// store field in the target body (`store_id` for redemptions and
/// validation, `store` for previews).
pub fn context(field: &str, context: &proto::Context, store_key: &str) -> Result<Value, Status> {
    let mut map = Map::new();
    put(&mut map, "user_id", context.user_id.as_ref());
    put(&mut map, "currency", context.currency.as_ref());
    if !context.items.is_empty() {
        let items: Result<Vec<Value>, Status> = context
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| cart_item(&format!("{field}.items[{i}]"), item))
            .collect();
        map.insert(String::from("items"), Value::Array(items?));
    }
    for (key, value) in [
        ("shipping_amount", &context.shipping_amount),
        ("cart_total", &context.cart_total),
    ] {
        if let Some(text) = value {
            map.insert(
                key.to_owned(),
                json::decimal(&format!("{field}.{key}"), text)?,
            );
        }
    }
    put(
        &mut map,
        "shipping_country",
        context.shipping_country.as_ref(),
    );
    put(&mut map, "channel", context.channel.as_ref());
    put(&mut map, store_key, context.store_id.as_ref());
    put(&mut map, "region", context.region.as_ref());
    if let Some(customer) = &context.customer {
        map.insert(
            String::from("customer"),
            self::customer(&format!("{field}.customer"), customer)?,
        );
    }
    if let Some(metadata) = &context.metadata {
        map.insert(
            String::from("metadata"),
            json::object(&format!("{field}.metadata"), metadata)?,
        );
    }
    put(&mut map, "ip", context.ip.as_ref());
    put(&mut map, "email", context.email.as_ref());
    put(&mut map, "device_id", context.device_id.as_ref());
    Ok(Value::Object(map))
}

fn cart_item(field: &str, item: &proto::CartItem) -> Result<Value, Status> {
    let mut map = Map::new();
    put(&mut map, "sku", item.sku.as_ref());
    put(&mut map, "product_id", item.product_id.as_ref());
    put(&mut map, "variant_id", item.variant_id.as_ref());
    put(&mut map, "category", item.category.as_ref());
    put_list(&mut map, "categories", &item.categories);
    put_list(&mut map, "collections", &item.collections);
    put_list(&mut map, "tags", &item.tags);
    map.insert(String::from("quantity"), Value::from(item.quantity));
    let price = json::decimal(&format!("{field}.price"), &item.price)?;
    map.insert(String::from("price"), price);
    Ok(Value::Object(map))
}

fn customer(field: &str, customer: &proto::Customer) -> Result<Value, Status> {
    let mut map = Map::new();
    put_list(&mut map, "segments", &customer.segments);
    if let Some(first) = customer.first_time {
        map.insert(String::from("first_time"), Value::Bool(first));
    }
    put(&mut map, "loyalty_tier", customer.loyalty_tier.as_ref());
    if let Some(attributes) = &customer.attributes {
        let field = format!("{field}.attributes");
        map.insert(
            String::from("attributes"),
            json::object(&field, attributes)?,
        );
    }
    Ok(Value::Object(map))
}
