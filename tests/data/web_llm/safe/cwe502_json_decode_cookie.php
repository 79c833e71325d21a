<?php
$cart = isset($_COOKIE['cart']) ? json_decode($_COOKIE['cart'], true) : [];
if (!is_array($cart)) {
    $cart = [];
}
echo count($cart) . " items in your cart";
