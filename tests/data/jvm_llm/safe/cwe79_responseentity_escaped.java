@GetMapping("/greet")
public ResponseEntity<String> greet(@RequestParam String name) {
    String html = "<h1>Hello " + HtmlUtils.htmlEscape(name) + "</h1>";
    return new ResponseEntity<>(html, HttpStatus.OK);
}
