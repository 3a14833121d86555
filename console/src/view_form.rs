//! Forms, and the API's field errors shown on the field they name.
//!
//! Each [`Field`] knows the JSON path of the request field it fills
//! (`json`), so a `problem+json` answer naming `discount.percent` lands on the
//! input that sent it; a problem naming no field of the form is shown above it.

use std::collections::HashMap;

use askama::Template;

use crate::api::Problem;

/// A fresh idempotency key for a form: sent back with it, so a form sent
/// twice (a double click, a retry) acts once.
pub fn once() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// How a field is entered.
pub enum Kind {
    Text,
    Number,
    /// A date and time, entered as RFC 3339 text.
    DateTime,
    TextArea,
    /// A choice: value and label of each option.
    Select(Vec<(&'static str, &'static str)>),
}

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub value: String,
    pub help: &'static str,
    /// The JSON path this field fills in the API's request.
    pub json: &'static str,
    pub error: Option<String>,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, kind: Kind) -> Self {
        Self {
            name,
            label,
            kind,
            value: String::new(),
            help: "",
            json: name,
            error: None,
        }
    }

    pub fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    /// The request field this one fills, when its name differs.
    pub fn json(mut self, json: &'static str) -> Self {
        self.json = json;
        self
    }

    /// Whether the API's `field` path names this field (or a part of it).
    fn names(&self, path: &str) -> bool {
        path == self.json
            || path
                .strip_prefix(self.json)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    }
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct Form {
    pub id: &'static str,
    pub legend: &'static str,
    pub action: String,
    /// `post`, or `get` for a search.
    pub method: &'static str,
    pub submit: &'static str,
    pub fields: Vec<Field>,
    /// Errors that name no field of this form.
    pub errors: Vec<String>,
    /// The form's idempotency key (posts only).
    pub once: Option<String>,
}

impl Form {
    pub fn post(id: &'static str, legend: &'static str, action: String) -> Self {
        Self {
            id,
            legend,
            action,
            method: "post",
            submit: "Save",
            fields: Vec::new(),
            errors: Vec::new(),
            once: Some(once()),
        }
    }

    pub fn get(id: &'static str, legend: &'static str, action: String) -> Self {
        Self {
            method: "get",
            once: None,
            submit: "Search",
            ..Self::post(id, legend, action)
        }
    }

    pub fn submit(mut self, label: &'static str) -> Self {
        self.submit = label;
        self
    }

    pub fn field(mut self, field: Field) -> Self {
        self.fields.push(field);
        self
    }

    /// Fills the fields with what was sent, so a refused form keeps its input;
    /// keeps the idempotency key sent, so a retry of the same form acts once.
    pub fn filled(mut self, sent: &HashMap<String, String>) -> Self {
        for field in &mut self.fields {
            if let Some(value) = sent.get(field.name) {
                field.value.clone_from(value);
            }
        }
        if let (Some(_), Some(once)) = (&self.once, sent.get("once")) {
            self.once = Some(once.clone());
        }
        self
    }

    /// Shows the API's error on the field it names, or above the form. The
    /// form gets a fresh idempotency key: the refused one is spent.
    pub fn with_problem(mut self, problem: &Problem) -> Self {
        let message = if problem.detail.is_empty() {
            problem.title.clone()
        } else {
            problem.detail.clone()
        };
        let at = problem
            .field
            .as_deref()
            .and_then(|path| self.fields.iter_mut().find(|f| f.names(path)));
        match at {
            Some(field) => field.error = Some(message),
            None => self.errors.push(format!("{message} ({})", problem.code)),
        }
        if self.once.is_some() {
            self.once = Some(once());
        }
        self
    }
}
