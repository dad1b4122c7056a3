//! C ABI for `tariffs` (being built: issue 4).
