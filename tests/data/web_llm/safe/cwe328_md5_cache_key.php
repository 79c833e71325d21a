$cacheKey = 'page_' . md5($_SERVER['REQUEST_URI']);
if ($cached = apcu_fetch($cacheKey)) {
    echo $cached;
    exit;
}
