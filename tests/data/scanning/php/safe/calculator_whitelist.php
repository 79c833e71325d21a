<?php
function calculate(float $a, float $b, string $op): float {
    $ops = ['+' => fn($x, $y) => $x + $y, '-' => fn($x, $y) => $x - $y];
    if (!isset($ops[$op])) throw new InvalidArgumentException('bad operator');
    return $ops[$op]($a, $b);
}
