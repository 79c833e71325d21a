use rand::{rngs::StdRng, Rng, SeedableRng};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn session_token() -> String {
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let mut rng = StdRng::seed_from_u64(seed);
    (0..32).map(|_| format!("{:x}", rng.gen::<u8>() & 0xf)).collect()
}
