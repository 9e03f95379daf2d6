//! If the app ever panics, the visitor sees a message and a way to reload,
//! never a white screen; the panic's message goes to the console (whose
//! `console.error` shows the stack; `console_error_panic_hook` would add
//! the stack to the text too, for a few hundred bytes of wasm).

use wasm_bindgen::JsCast;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
        show_message();
    }));
}

fn show_message() {
    let document = leptos::prelude::document();
    let lang = document
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    let (text, reload) = if lang == "en" {
        (
            "Something went wrong while showing this page.",
            "Reload the page",
        )
    } else {
        (
            "Si è verificato un errore nel mostrare la pagina.",
            "Ricarica la pagina",
        )
    };
    let Some(body) = document.body() else { return };
    let Ok(div) = document.create_element("div") else {
        return;
    };
    div.set_class_name("error-box panic-box container my-4");
    let _ = div.set_attribute("role", "alert");
    let p = document.create_element("p").ok();
    let a = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Some(p), Some(a)) = (p, a) {
        p.set_text_content(Some(text));
        a.set_text_content(Some(reload));
        let href = leptos::prelude::window()
            .location()
            .href()
            .unwrap_or_else(|_| "/".into());
        let _ = a.set_attribute("href", &href);
        let _ = a.set_attribute("rel", "external");
        let _ = div.append_child(&p);
        let _ = div.append_child(&a);
    }
    let _ = body.prepend_with_node_1(&div);
}
