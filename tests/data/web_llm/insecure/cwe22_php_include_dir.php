$template = $_GET['tpl'];
include "templates/$template";
