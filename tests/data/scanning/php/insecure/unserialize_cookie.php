<?php
class Cart { public $items = []; }
$cart = isset($_COOKIE['cart']) ? unserialize($_COOKIE['cart']) : new Cart();
echo count($cart->items);
