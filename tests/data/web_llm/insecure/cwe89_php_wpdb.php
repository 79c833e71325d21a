global $wpdb;
$id = $_GET['id'];
$row = $wpdb->get_row("SELECT * FROM {$wpdb->prefix}orders WHERE id = $id");
