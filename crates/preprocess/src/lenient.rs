//! Jekyll's lenient Liquid (`strict_variables: false`, its default) on the
//! `liquid` crates, which are strict: [`Lenient`] is a runtime layer that
//! answers `nil` for an undefined variable, a missing key or a missing
//! index, and [`ForBlock`] is `{% for %}` whose loop scope is such a layer
//! (the crate's own `for` keeps its loop variable in a frame that errs on a
//! missing key). Site includes and `where_exp` conditions render in such a
//! layer too (`templates.rs`, `filters.rs`).

use liquid_core::error::ResultLiquidExt;
use liquid_core::model::{
    KString, KStringCow, KStringRef, ObjectView, ScalarCow, Value, ValueCow, ValueView,
};
use liquid_core::parser::{BlockElement, TryMatchToken};
use liquid_core::runtime::{Interrupt, InterruptRegister, PartialStore, Registers, StackFrame};
use liquid_core::{
    BlockReflection, Expression, Language, ParseBlock, Renderable, Runtime, TagBlock, TagTokenIter,
    Template,
};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// A runtime whose lookups never fail: what `inner` does not have is nil.
pub struct Lenient<'r>(pub &'r dyn Runtime);

impl Runtime for Lenient<'_> {
    fn partials(&self) -> &dyn PartialStore {
        self.0.partials()
    }
    fn name(&self) -> Option<KStringRef<'_>> {
        self.0.name()
    }
    fn roots(&self) -> BTreeSet<KStringCow<'_>> {
        self.0.roots()
    }
    fn try_get(&self, path: &[ScalarCow<'_>]) -> Option<ValueCow<'_>> {
        self.0.try_get(path)
    }
    fn get(&self, path: &[ScalarCow<'_>]) -> liquid_core::Result<ValueCow<'_>> {
        Ok(self.0.try_get(path).unwrap_or(ValueCow::Borrowed(&MISSING)))
    }
    fn set_global(&self, name: KString, val: Value) -> Option<Value> {
        self.0.set_global(name, val)
    }
    fn set_index(&self, name: KString, val: Value) -> Option<Value> {
        self.0.set_index(name, val)
    }
    fn get_index<'a>(&'a self, name: &str) -> Option<ValueCow<'a>> {
        self.0.get_index(name)
    }
    fn registers(&self) -> &Registers {
        self.0.registers()
    }
}

/// What an undefined variable, key or index is: nil, as Ruby's Liquid
/// compares it (`== nil`; not `== empty`, not `== blank`) and tests it
/// (`contains` is false).
#[derive(Debug, Clone, Copy)]
pub struct Missing;

/// The one [`Missing`].
pub static MISSING: Missing = Missing;

impl ValueView for Missing {
    fn as_debug(&self) -> &dyn std::fmt::Debug {
        self
    }
    fn render(&self) -> liquid_core::model::DisplayCow<'_> {
        Value::Nil.render()
    }
    fn source(&self) -> liquid_core::model::DisplayCow<'_> {
        Value::Nil.source()
    }
    fn type_name(&self) -> &'static str {
        "nil"
    }
    fn query_state(&self, state: liquid_core::model::State) -> bool {
        state == liquid_core::model::State::DefaultValue
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_static("")
    }
    fn to_value(&self) -> Value {
        Value::Nil
    }
    /// An object without keys, so that `contains` is false (an error for
    /// the crate's nil).
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
    fn is_nil(&self) -> bool {
        true
    }
}

impl ObjectView for Missing {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        0
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(std::iter::empty())
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(std::iter::empty())
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(std::iter::empty())
    }
    fn contains_key(&self, _index: &str) -> bool {
        false
    }
    fn get<'s>(&'s self, _index: &str) -> Option<&'s dyn ValueView> {
        None
    }
}

/// The filters that read nil as an empty list, as Ruby's Liquid and
/// Jekyll do (`nil | map: "x" | size` is 0), those that read it as 0, and
/// those that give it back.
const NIL_AS_LIST: &[&str] = &[
    "where",
    "map",
    "join",
    "first",
    "last",
    "compact",
    "uniq",
    "reverse",
    "sort",
    "sort_natural",
    "concat",
];
const NIL_AS_ZERO: &[&str] = &["at_least", "at_most", "ceil", "floor", "round"];
const NIL_AS_NIL: &[&str] = &["push", "pop", "date"];

/// Makes the filters of [`NIL_AS_LIST`], [`NIL_AS_ZERO`] and
/// [`NIL_AS_NIL`] read nil as Ruby's Liquid does.
pub fn nil_inputs(lang: &mut Language) {
    let lists = NIL_AS_LIST
        .iter()
        .map(|n| (n, Some(Value::Array(Vec::new()))));
    let zeros = NIL_AS_ZERO.iter().map(|n| (n, Some(Value::scalar(0i64))));
    let nils = NIL_AS_NIL.iter().map(|n| (n, None));
    for (name, substitute) in lists.chain(zeros).chain(nils) {
        if let Some(inner) = lang.filters.get(name).cloned() {
            let filter = NilInput { inner, substitute };
            lang.filters.register(name.to_string(), Box::new(filter));
        }
    }
}

/// A filter given `substitute` instead of a nil input (without one, nil
/// gives nil).
#[derive(Clone)]
struct NilInput {
    inner: Box<dyn liquid_core::ParseFilter>,
    substitute: Option<Value>,
}

impl liquid_core::ParseFilter for NilInput {
    fn parse(
        &self,
        arguments: liquid_core::parser::FilterArguments,
    ) -> liquid_core::Result<Box<dyn liquid_core::Filter>> {
        Ok(Box::new(NilFiltered {
            inner: self.inner.parse(arguments)?,
            substitute: self.substitute.clone(),
            sort: self.inner.reflection().name() == "sort",
        }))
    }
    fn reflection(&self) -> &dyn liquid_core::FilterReflection {
        self.inner.reflection()
    }
}

/// A parsed [`NilInput`].
#[derive(Debug)]
struct NilFiltered {
    inner: Box<dyn liquid_core::Filter>,
    substitute: Option<Value>,
    /// Whether this is `sort`.
    sort: bool,
}

impl std::fmt::Display for NilFiltered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl liquid_core::Filter for NilFiltered {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> liquid_core::Result<Value> {
        // Jekyll's `sort` of an empty list (or nil) is an empty list; the
        // crate's is an error.
        let empty = input.is_nil() || input.as_array().is_some_and(|a| a.size() == 0);
        match &self.substitute {
            _ if self.sort && empty => Ok(Value::Array(Vec::new())),
            _ if !input.is_nil() => self.inner.evaluate(input, runtime),
            Some(substitute) => self.inner.evaluate(substitute, runtime),
            None => Ok(Value::Nil),
        }
    }
}

/// Renders `template` in `runtime`, made lenient when `lenient`.
pub fn render_in(
    template: &dyn Renderable,
    writer: &mut dyn Write,
    runtime: &dyn Runtime,
    lenient: bool,
) -> liquid_core::Result<()> {
    if lenient {
        template.render_to(writer, &Lenient(runtime))
    } else {
        template.render_to(writer, runtime)
    }
}

/// `{% for VAR in RANGE limit: N offset: N reversed %}…{% else %}…{% endfor %}`,
/// as the crate's `for` parses and runs it, with a lenient loop scope.
#[derive(Clone, Copy, Debug)]
pub struct ForBlock;

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }
    fn end_tag(&self) -> &str {
        "endfor"
    }
    fn description(&self) -> &str {
        "a loop whose missing keys are nil"
    }
}

/// What a `for` iterates over.
#[derive(Debug)]
enum Range {
    Array(Expression),
    Counted(Expression, Expression),
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> liquid_core::Result<Box<dyn Renderable>> {
        let var = arguments
            .expect_next("Identifier expected.")?
            .expect_identifier()
            .into_result()?;
        arguments
            .expect_next("\"in\" expected.")?
            .expect_str("in")
            .into_result_custom_msg("\"in\" expected.")?;
        let range = arguments.expect_next("Array or range expected.")?;
        let range = match range.expect_value() {
            TryMatchToken::Matches(array) => Range::Array(array),
            TryMatchToken::Fails(range) => match range.expect_range() {
                TryMatchToken::Matches((start, stop)) => Range::Counted(start, stop),
                TryMatchToken::Fails(range) => return range.raise_error().into_err(),
            },
        };
        let (mut limit, mut offset, mut reversed) = (None, None, false);
        while let Some(token) = arguments.next() {
            match token.as_str() {
                "limit" => limit = Some(attribute(&mut arguments)?),
                "offset" => offset = Some(attribute(&mut arguments)?),
                "reversed" => reversed = true,
                _ => {
                    return token
                        .raise_custom_error("\"limit\", \"offset\" or \"reversed\" expected.")
                        .into_err();
                }
            }
        }
        arguments.expect_nothing()?;
        let (mut body, mut otherwise) = (Vec::new(), None);
        while let Some(element) = tokens.next()? {
            match element {
                BlockElement::Tag(mut tag) if tag.name() == "else" => {
                    tag.tokens().expect_nothing()?;
                    otherwise = Some(Template::new(tokens.parse_all(options)?));
                    break;
                }
                BlockElement::Tag(tag) => body.push(tag.parse(&mut tokens, options)?),
                element => body.push(element.parse(&mut tokens, options)?),
            }
        }
        tokens.assert_empty();
        Ok(Box::new(For {
            var: KString::from_ref(var),
            range,
            body: Template::new(body),
            otherwise,
            limit,
            offset,
            reversed,
        }))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// `limit: N` after its name.
fn attribute(arguments: &mut TagTokenIter<'_>) -> liquid_core::Result<Expression> {
    arguments
        .expect_next("\":\" expected.")?
        .expect_str(":")
        .into_result_custom_msg("\":\" expected.")?;
    arguments
        .expect_next("Value expected.")?
        .expect_value()
        .into_result()
}

/// A parsed `for`.
#[derive(Debug)]
struct For {
    var: KString,
    range: Range,
    body: Template,
    otherwise: Option<Template>,
    limit: Option<Expression>,
    offset: Option<Expression>,
    reversed: bool,
}

impl For {
    /// The tag as the crate's `for` shows it in messages.
    fn trace(&self) -> String {
        let range = match &self.range {
            Range::Array(e) => e.to_string(),
            Range::Counted(a, b) => format!("({a}..{b})"),
        };
        let mut parameters = Vec::new();
        if let Some(limit) = &self.limit {
            parameters.push(format!("limit:{limit}"));
        }
        if let Some(offset) = &self.offset {
            parameters.push(format!("offset:{offset}"));
        }
        if self.reversed {
            parameters.push("reversed".to_string());
        }
        format!(
            "{{% for {} in {} {} %}}",
            self.var,
            range,
            parameters.join(", ")
        )
    }

    /// The items, after `offset`, `limit` and `reversed`.
    fn items<'r>(
        &self,
        range: &'r ValueCow<'r>,
        runtime: &dyn Runtime,
    ) -> liquid_core::Result<Vec<ValueCow<'r>>> {
        let mut items: Vec<ValueCow<'r>> = if let Some(array) = range.as_array() {
            array.values().map(ValueCow::Borrowed).collect()
        } else if let Some(object) = range.as_object() {
            object
                .iter()
                .map(|(k, v)| {
                    ValueCow::Owned(Value::Array(vec![
                        Value::scalar(k.into_owned()),
                        v.to_value(),
                    ]))
                })
                .collect()
        } else if range.is_nil() || range.is_state() {
            Vec::new()
        } else {
            // A string or number: one item, as Liquid iterates a scalar.
            vec![ValueCow::Borrowed(range.as_view())]
        };
        let offset = whole(self.offset.as_ref(), runtime)?
            .unwrap_or(0)
            .min(items.len());
        items.drain(..offset);
        if let Some(limit) = whole(self.limit.as_ref(), runtime)? {
            items.truncate(limit);
        }
        if self.reversed {
            items.reverse();
        }
        Ok(items)
    }
}

/// A `limit` or `offset` value: a whole number; nil counts as absent.
fn whole(attr: Option<&Expression>, runtime: &dyn Runtime) -> liquid_core::Result<Option<usize>> {
    let Some(attr) = attr else { return Ok(None) };
    let value = attr.evaluate(runtime)?;
    if value.is_nil() {
        return Ok(None);
    }
    value
        .as_scalar()
        .and_then(|s| s.to_integer())
        .map(|n| Some(n.max(0) as usize))
        .ok_or_else(|| {
            liquid_core::Error::with_msg(format!(
                "Expected whole number, found `{}`",
                value.type_name()
            ))
        })
}

/// A bound of `(a..b)` (nil is 0, as Ruby's Liquid reads it).
fn bound(expr: &Expression, runtime: &dyn Runtime, name: &str) -> liquid_core::Result<i64> {
    let value = expr.evaluate(runtime)?;
    if value.is_nil() {
        return Ok(0);
    }
    value
        .as_scalar()
        .and_then(|s| s.to_integer())
        .ok_or_else(|| {
            liquid_core::Error::with_msg(format!(
                "Expected whole number, found `{}`",
                value.type_name()
            ))
        })
        .context_key_with(|| name.to_string().into())
        .value_with(|| value.to_kstr().into_owned())
}

impl Renderable for For {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> liquid_core::Result<()> {
        let range: ValueCow<'_> = match &self.range {
            Range::Array(e) => e.evaluate(runtime).trace_with(|| self.trace().into())?,
            Range::Counted(a, b) => {
                let start = bound(a, runtime, "start").trace_with(|| self.trace().into())?;
                let stop = bound(b, runtime, "end").trace_with(|| self.trace().into())?;
                // At most the numbers a loop can show; liquid allows as many.
                ValueCow::Owned(Value::Array((start..=stop).map(Value::scalar).collect()))
            }
        };
        let items = self.items(&range, runtime)?;
        if items.is_empty() {
            if let Some(otherwise) = &self.otherwise {
                otherwise
                    .render_to(writer, runtime)
                    .trace("{% else %}")
                    .trace_with(|| self.trace().into())?;
            }
            return Ok(());
        }
        let parent = runtime.try_get(&[ScalarCow::new("forloop")]);
        let len = items.len() as i64;
        for (i, item) in items.iter().enumerate() {
            let i = i as i64;
            let forloop = Forloop {
                length: len,
                parentloop: parent.as_ref().map(|p| p.as_view()),
                index0: i,
                index: i + 1,
                rindex0: len - i - 1,
                rindex: len - i,
                first: i == 0,
                last: i == len - 1,
            };
            let frame: HashMap<KStringRef<'_>, &dyn ValueView> = HashMap::from([
                (
                    KStringRef::from_static("forloop"),
                    &forloop as &dyn ValueView,
                ),
                (self.var.as_ref(), item.as_view()),
            ]);
            let scope = StackFrame::new(runtime, &frame);
            let lenient = Lenient(&scope);
            self.body
                .render_to(writer, &lenient)
                .trace_with(|| self.trace().into())
                .context_key("index")
                .value_with(|| format!("{}", i + 1).into())?;
            let interrupt = scope.registers().get_mut::<InterruptRegister>().reset();
            if let Some(Interrupt::Break) = interrupt {
                break;
            }
        }
        Ok(())
    }
}

/// `forloop` inside a loop.
#[derive(Debug, Clone, liquid_core::ValueView, liquid_core::ObjectView)]
struct Forloop<'p> {
    length: i64,
    parentloop: Option<&'p dyn ValueView>,
    index0: i64,
    index: i64,
    rindex0: i64,
    rindex: i64,
    first: bool,
    last: bool,
}

thread_local! {
    /// The pass-through filters parsed on this thread since the last
    /// [`take_passed`]: name, and the plugin file that registers it.
    static PASSED: std::cell::RefCell<Vec<(String, Option<String>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The pass-through filters parsed on this thread since the last call,
/// each once, in the order first met.
pub fn take_passed() -> Vec<(String, Option<String>)> {
    let mut passed = PASSED.with_borrow_mut(std::mem::take);
    let mut seen = std::collections::HashSet::new();
    passed.retain(|(name, _)| seen.insert(name.clone()));
    passed
}

/// A filter that does not exist here (an unknown one, or one a Ruby plugin
/// registers): its input, unchanged, as Jekyll's default gives it.
#[derive(Clone, Debug)]
pub struct PassThrough {
    /// The filter's name.
    pub name: String,
    /// The plugin file that registers it, if one does.
    pub plugin: Option<String>,
}

impl liquid_core::FilterReflection for PassThrough {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        "passes its input through"
    }
    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl liquid_core::ParseFilter for PassThrough {
    fn parse(
        &self,
        _arguments: liquid_core::parser::FilterArguments,
    ) -> liquid_core::Result<Box<dyn liquid_core::Filter>> {
        PASSED.with_borrow_mut(|p| p.push((self.name.clone(), self.plugin.clone())));
        Ok(Box::new(Passed(self.name.clone())))
    }
    fn reflection(&self) -> &dyn liquid_core::FilterReflection {
        self
    }
}

/// A parsed pass-through filter.
#[derive(Debug)]
struct Passed(String);

impl std::fmt::Display for Passed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl liquid_core::Filter for Passed {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        _runtime: &dyn Runtime,
    ) -> liquid_core::Result<Value> {
        Ok(input.to_value())
    }
}

/// A tag a Ruby plugin registers: it renders nothing (a block's body is
/// skipped as written).
#[derive(Clone, Debug)]
pub struct PluginTag {
    /// The tag's name.
    pub name: String,
    /// `{% endNAME %}`.
    pub end: String,
}

impl liquid_core::TagReflection for PluginTag {
    fn tag(&self) -> &str {
        &self.name
    }
    fn description(&self) -> &str {
        "a Ruby plugin's tag, not run"
    }
}

impl liquid_core::ParseTag for PluginTag {
    fn parse(
        &self,
        _arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> liquid_core::Result<Box<dyn Renderable>> {
        Ok(Box::new(Nothing))
    }
    fn reflection(&self) -> &dyn liquid_core::TagReflection {
        self
    }
}

impl BlockReflection for PluginTag {
    fn start_tag(&self) -> &str {
        &self.name
    }
    fn end_tag(&self) -> &str {
        &self.end
    }
    fn description(&self) -> &str {
        "a Ruby plugin's block, not run"
    }
}

impl ParseBlock for PluginTag {
    fn parse(
        &self,
        _arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        _options: &Language,
    ) -> liquid_core::Result<Box<dyn Renderable>> {
        tokens.escape_liquid(false)?;
        Ok(Box::new(Nothing))
    }
    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// Renders nothing.
#[derive(Debug)]
struct Nothing;

impl Renderable for Nothing {
    fn render_to(
        &self,
        _writer: &mut dyn Write,
        _runtime: &dyn Runtime,
    ) -> liquid_core::Result<()> {
        Ok(())
    }
}
