//! The minijinja environment that renders the embedded templates.
//!
//! Escaping is not optional: every template uses a custom auto-escape mode
//! whose formatter refuses any value that is not marked safe, and only the
//! HCL filters below produce safe values (`safe` and `escape` are removed).
//! A `{{ value }}` without a filter is therefore a render error, never raw text.
//!
//! - `hcl_string`: a string, quoted and escaped (see [`super::hcl::quote`]).
//! - `hcl_label`: a block label or output name; must be an identifier; quoted.
//! - `hcl_expr`: an [`HclValue`] built by the view (reference, template,
//!   list, object), or a boolean or integer.
//! - `hcl_comment`: text for the end of a `#` comment, escaped like a string body.

use minijinja::value::Object;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Value};

use super::hcl::{escape_string_body, is_identifier, quote, render, HclValue};
use crate::internal::InternalError;

/// The templates, embedded in the binary.
const TEMPLATES: &[(&str, &str)] = &[
    ("header.tf.j2", include_str!("../../../templates/tf/header.tf.j2")),
    ("region.tf.j2", include_str!("../../../templates/tf/region.tf.j2")),
    ("network.tf.j2", include_str!("../../../templates/tf/network.tf.j2")),
    ("security.tf.j2", include_str!("../../../templates/tf/security.tf.j2")),
    ("endpoints.tf.j2", include_str!("../../../templates/tf/endpoints.tf.j2")),
    ("storage.tf.j2", include_str!("../../../templates/tf/storage.tf.j2")),
    ("services.tf.j2", include_str!("../../../templates/tf/services.tf.j2")),
    ("iam.tf.j2", include_str!("../../../templates/tf/iam.tf.j2")),
    ("outputs.tf.j2", include_str!("../../../templates/tf/outputs.tf.j2")),
];

/// An [`HclValue`] inside a template value: opaque to templates, printable
/// only through `hcl_expr`.
#[derive(Debug)]
struct HclObject(HclValue);

impl Object for HclObject {}

/// Wraps an [`HclValue`] for a view.
pub fn hcl(value: HclValue) -> Value {
    Value::from_object(HclObject(value))
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn hcl_string(value: &str) -> Value {
    Value::from_safe_string(quote(value))
}

fn hcl_label(value: &str) -> Result<Value, Error> {
    if is_identifier(value) {
        Ok(Value::from_safe_string(quote(value)))
    } else {
        Err(invalid(format!("`{value}` is not a valid label")))
    }
}

fn hcl_comment(value: &str) -> Value {
    let mut out = String::new();
    escape_string_body(value, &mut out);
    Value::from_safe_string(out)
}

fn hcl_expr(value: &Value) -> Result<Value, Error> {
    let rendered = if let Some(HclObject(inner)) = value.downcast_object_ref::<HclObject>() {
        render(inner)
    } else if value.kind() == minijinja::value::ValueKind::Bool {
        render(&HclValue::Bool(value.is_true()))
    } else if let Some(number) = value.as_i64() {
        render(&HclValue::Int(number))
    } else {
        return Err(invalid(format!(
            "hcl_expr cannot print `{value}`: build an HclValue in the view"
        )));
    };
    rendered.map(Value::from_safe_string).map_err(|error| invalid(error.0))
}

/// Prints only values marked safe, which only the HCL filters produce.
fn formatter(out: &mut minijinja::Output, _state: &minijinja::State, value: &Value) -> Result<(), Error> {
    if !value.is_safe() {
        return Err(invalid(format!(
            "unescaped value `{value}`: pass it through an hcl_* filter"
        )));
    }
    let text = value.as_str().unwrap_or_default();
    out.write_str(text)
        .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write output"))
}

/// The environment with every template and filter.
pub fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Custom("hcl"));
    env.set_formatter(formatter);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for name in ["safe", "escape", "e"] {
        env.remove_filter(name);
    }
    env.add_filter("hcl_string", hcl_string);
    env.add_filter("hcl_label", hcl_label);
    env.add_filter("hcl_comment", hcl_comment);
    env.add_filter("hcl_expr", hcl_expr);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// The templates that render one region, in output order.
pub const REGION_TEMPLATES: &[&str] = &[
    "region.tf.j2",
    "network.tf.j2",
    "security.tf.j2",
    "endpoints.tf.j2",
    "storage.tf.j2",
    "services.tf.j2",
    "iam.tf.j2",
];

/// Renders the template `name` with `context`; the error carries minijinja's detail.
pub fn render_template<S: serde::Serialize>(
    env: &Environment,
    name: &str,
    context: S,
) -> Result<String, InternalError> {
    let template = env
        .get_template(name)
        .map_err(|error| InternalError::new(format!("{error:#}")))?;
    template
        .render(context)
        .map_err(|error| InternalError::new(format!("{error:#}")))
}

/// Renders the template `name` with `context` into `buffer` (cleared first,
/// its capacity kept): rendering a region's templates one after another into
/// one buffer allocates it once instead of once per template.
pub fn render_template_into<'b, S: serde::Serialize>(
    env: &Environment,
    name: &str,
    context: S,
    buffer: &'b mut Vec<u8>,
) -> Result<&'b str, InternalError> {
    buffer.clear();
    let template = env
        .get_template(name)
        .map_err(|error| InternalError::new(format!("{error:#}")))?;
    template
        .render_captured_to(context, &mut *buffer)
        .map_err(|error| InternalError::new(format!("{error:#}")))?;
    std::str::from_utf8(buffer).map_err(|error| InternalError::new(format!("`{name}` rendered invalid UTF-8: {error}")))
}

/// Renders a one-off template source in the same environment (for tests of the escaping rules).
pub fn render_source<S: serde::Serialize>(source: &str, context: S) -> Result<String, InternalError> {
    let env = environment().map_err(|error| InternalError::new(format!("{error:#}")))?;
    env.render_str(source, context)
        .map_err(|error| InternalError::new(format!("{error:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn unfiltered_values_are_errors() {
        assert!(render_source("x = {{ name }}", context! { name => "a" }).is_err());
        assert!(render_source("x = {{ name | safe }}", context! { name => "a" }).is_err());
        assert!(render_source("x = {{ v }}", context! { v => hcl(HclValue::Bool(true)) }).is_err());
        assert!(render_source("x = {{ 3 }}", context! {}).is_err());
    }

    #[test]
    fn filters_escape() {
        let out = render_source(
            "{{ l | hcl_label }} {{ s | hcl_string }} {{ v | hcl_expr }} {{ t | hcl_expr }} # {{ c | hcl_comment }}",
            context! { l => "a_b", s => "${x}\"", v => hcl(HclValue::reference(["a", "b"])), t => true, c => "x\ny" },
        )
        .unwrap();
        assert_eq!(out, r#""a_b" "$${x}\"" a.b true # x\ny"#);
        assert!(render_source("{{ l | hcl_label }}", context! { l => "a.b" }).is_err());
        assert!(render_source("{{ s | hcl_expr }}", context! { s => "text" }).is_err());
    }

    #[test]
    fn hcl_values_survive_serde_views() {
        #[derive(serde::Serialize)]
        struct View {
            value: Value,
        }
        let out = render_source(
            "{{ v.value | hcl_expr }}",
            context! { v => View { value: hcl(HclValue::Int(7)) } },
        );
        assert_eq!(out.unwrap(), "7");
    }
}
