#!/bin/bash
# Delete a customer and their orders
CUSTOMER_EMAIL="$1"
mysql -u "$DB_USER" -p"$DB_PASS" shop -e "DELETE FROM customers WHERE email = '$CUSTOMER_EMAIL'"
echo "Deleted $CUSTOMER_EMAIL"
