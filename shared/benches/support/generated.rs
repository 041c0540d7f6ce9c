//! A generated flow of any size for benchmarks: a chain of realistic form screens.

/// A valid flow of `screens` screens in a chain, each a realistic form: texts, a Form with
/// inputs, a 30-option dropdown, an If, and a Footer whose payload sends every input.
pub(crate) fn generated_flow(screens: usize) -> String {
    let ids: Vec<String> = (0..screens).map(screen_id).collect();
    let mut out = String::from("{\n  \"version\": \"7.3\",\n  \"screens\": [\n");
    for (idx, id) in ids.iter().enumerate() {
        let last = idx + 1 == screens;
        let options: Vec<String> = (0..30)
            .map(|option| {
                format!(r#"{{"id": "option_{option}", "title": "Option {option}", "description": "A longer description of option {option} for the reader"}}"#)
            })
            .collect();
        let action = if last {
            r#"{"name": "complete", "payload": {"email": "${form.email}", "plan": "${form.plan}", "notes": "${form.notes}", "agree": "${form.agree}"}}"#.to_owned()
        } else {
            format!(
                r#"{{"name": "navigate", "next": {{"type": "screen", "name": "{}"}}, "payload": {{"previous_email": "${{form.email}}"}}}}"#,
                ids[idx + 1]
            )
        };
        let data = if idx == 0 {
            r#"{"welcome": {"type": "string", "__example__": "Hello"}}"#.to_owned()
        } else {
            r#"{"previous_email": {"type": "string", "__example__": "ada@example.com"}}"#.to_owned()
        };
        let greeting = if idx == 0 { "${data.welcome}" } else { "${data.previous_email}" };
        out.push_str(&format!(
            r#"    {{
      "id": "{id}",
      "title": "Step {idx}",
      "terminal": {last},
      "data": {data},
      "layout": {{
        "type": "SingleColumnLayout",
        "children": [
          {{"type": "TextHeading", "text": "Step {idx} of the survey"}},
          {{"type": "TextBody", "text": "{greeting}"}},
          {{"type": "TextCaption", "text": "Please answer every question on this screen before you continue to the next one."}},
          {{
            "type": "Form",
            "name": "form",
            "children": [
              {{"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true, "helper-text": "We never share it"}},
              {{"type": "Dropdown", "name": "plan", "label": "Plan", "required": true, "data-source": [{options}]}},
              {{"type": "TextArea", "name": "notes", "label": "Notes", "max-length": 300}},
              {{"type": "OptIn", "name": "agree", "label": "I agree to the terms", "required": true}},
              {{"type": "If", "condition": "${{form.agree}}", "then": [{{"type": "TextBody", "text": "`'Thanks ' ${{form.email}}`"}}], "else": [{{"type": "TextCaption", "text": "Please agree to continue"}}]}},
              {{"type": "Footer", "label": "Continue", "on-click-action": {action}}}
            ]
          }}
        ]
      }}
    }}{comma}
"#,
            options = options.join(", "),
            comma = if last { "" } else { "," },
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

/// `S_A`, `S_B`, …: screen ids are letters and underscores only.
fn screen_id(mut n: usize) -> String {
    let mut id = Vec::new();
    loop {
        id.push(b'A' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    id.reverse();
    format!("S_{}", String::from_utf8(id).unwrap_or_default())
}
