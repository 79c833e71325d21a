@ExceptionHandler(Exception.class)
public ResponseEntity<String> handle(Exception e) {
    String errorId = UUID.randomUUID().toString();
    log.error("Unhandled error {}", errorId, e);
    return ResponseEntity.status(500).body("Internal error (reference " + errorId + ")");
}
