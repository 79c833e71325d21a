try {
    reportService.generate();
} catch (Exception e) {
    logger.error("report failed", e);
    response.sendError(500, "Internal error");
}
