$key = getenv('APP_KEY');
$iv = '12345678';
$encrypted = openssl_encrypt($cardNumber, 'des-cbc', $key, 0, $iv);
