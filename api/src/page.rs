//! The one shape of a list answer: a page of records, the cursor of the next
//! page, and whether there is one (the records layer's `records::Page`, as
//! the edge documents and serializes it).

use serde::Serialize;
use stampede_actors::records::Page;
use utoipa::ToSchema;

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

impl<T> From<Page<T>> for ListPage<T> {
    fn from(page: Page<T>) -> Self {
        Self {
            data: page.data,
            next_cursor: page.next_cursor,
            has_more: page.has_more,
        }
    }
}
