pub fn run() -> crate::Result { Err("not yet".into()) }
