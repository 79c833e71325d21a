<?php
$items = isset($_COOKIE['cart']) ? json_decode($_COOKIE['cart'], true) : [];
echo count(is_array($items) ? $items : []);
