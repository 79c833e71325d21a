class ReportsController < ApplicationController
  def show
    table = params["table"]
    # ruleid: ruby.reflection-from-request
    model = table.classify.constantize
    # ruleid: ruby.reflection-from-request
    Account.public_send(params[:meth])
    # ruleid: ruby.reflection-from-request
    User.try(params[:meth])
    # ruleid: ruby.reflection-from-request
    params[:method].to_sym.to_proc.call(Kernel)
    # ruleid: ruby.reflection-from-request
    exporter = Object.const_get(params[:exporter])
    # ruleid: ruby.reflection-from-request
    Kernel.tap(&params[:method].to_sym)
    # ok: ruby.reflection-from-request
    Account.public_send(:find, params[:id])
    # ok: ruby.reflection-from-request
    "SomeClass".classify.constantize
    # ok: ruby.reflection-from-request
    EXPORTERS.fetch(params[:format]).new
    # ok: ruby.reflection-from-request
    SomeClass.method("some_method").call(params[:argument])
  end
end
