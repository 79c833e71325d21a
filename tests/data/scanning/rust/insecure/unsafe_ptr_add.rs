pub fn sum_every_other(data: &[u32]) -> u32 {
    let mut total = 0;
    let p = data.as_ptr();
    for i in 0..data.len() {
        unsafe {
            total += *p.add(i * 2);
        }
    }
    total
}
