@GetMapping("/hello")
@ResponseBody
public String hello(@RequestParam String name) {
    return "<html><body>Hello " + name + "</body></html>";
}
