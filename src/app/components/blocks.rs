//! A page body: sanitized HTML and the component blocks between it.

use super::accordion::JobsAccordion;
use super::jobs::{JobsArchive, JobsList, ProjectsList};
use super::people::TeamList;
use super::timeline::Timeline;
use crate::model::Block;
use leptos::prelude::*;

/// Renders the blocks of a page in order.
#[component]
pub fn Blocks(blocks: Vec<Block>, lang: String) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| {
            let lang = lang.clone();
            match block {
                Block::Html { html } => {
                    view! { <div class="page-body" inner_html=html></div> }.into_any()
                }
                Block::JobsAccordion => view! { <JobsAccordion lang/> }.into_any(),
                Block::JobsList { items } => view! { <JobsList items lang/> }.into_any(),
                Block::JobsArchive { items } => view! { <JobsArchive items lang/> }.into_any(),
                Block::Timeline { entries } => view! { <Timeline entries lang/> }.into_any(),
                Block::ProjectsList { items } => view! { <ProjectsList items/> }.into_any(),
                Block::TeamList { items } => view! { <TeamList items lang/> }.into_any(),
            }
        })
        .collect_view()
}
