from django.http import JsonResponse

from .models import Invoice


def delete_invoice(request, invoice_id):
    Invoice.objects.filter(pk=invoice_id).delete()
    return JsonResponse({"deleted": invoice_id})
