//! The dashboard's tables: a header row of column names over the rows given, scrolling
//! sideways on narrow screens.

use leptos::prelude::*;

/// A table with `columns` as its header; `children` are its `<tr>` rows.
#[component]
pub fn DataTable(
    /// The `data-testid` of the `<table>`.
    test_id: &'static str,
    columns: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="flow-table" data-testid=test_id>
                <thead>
                    <tr>{columns.iter().map(|column| view! { <th scope="col">{*column}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
