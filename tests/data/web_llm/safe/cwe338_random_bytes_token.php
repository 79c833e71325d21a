<?php
function generateToken(int $length = 32): string {
    return bin2hex(random_bytes($length));
}
$resetToken = generateToken();
$dice = random_int(1, 6);
