//! The migrations are embedded in the binary (`db::SQLITE_MIGRATIONS`, `db::POSTGRES_MIGRATIONS`).
//! Cargo sees changes to the files they include, but not a new migration's folder; this makes
//! any change under `migrations/` rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
