@GetMapping("/preview")
public String preview(@RequestParam String target) {
    RestTemplate restTemplate = new RestTemplate();
    return restTemplate.getForObject(target, String.class);
}
