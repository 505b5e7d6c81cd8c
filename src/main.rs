fn main() {
    println!("dbctl {}", env!("CARGO_PKG_VERSION"));
}
