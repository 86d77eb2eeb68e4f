//! Prints the bucket CORS rule for the given portal origins (used by the demo and test scripts).

fn main() {
    let origins: Vec<String> = std::env::args().skip(1).collect();
    if origins.is_empty() {
        eprintln!(
            "usage: cargo run --example cors_rule -- https://portal.example.com [more origins]"
        );
        std::process::exit(2);
    }
    let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
    println!("{}", bucket_portal::core::cors::rule_json(&origins));
}
