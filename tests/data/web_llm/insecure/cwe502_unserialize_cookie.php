<?php
if (isset($_COOKIE['cart'])) {
    $cart = unserialize($_COOKIE['cart']);
} else {
    $cart = [];
}
echo count($cart) . " items in your cart";
