//! Python bindings for `tariffs` (being built: issue 5).
