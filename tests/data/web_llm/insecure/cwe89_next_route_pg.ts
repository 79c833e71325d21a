import { NextRequest, NextResponse } from 'next/server';
import { sql } from './db';

export async function GET(request: NextRequest) {
  const id = request.nextUrl.searchParams.get('id');
  const rows = await sql.unsafe(`SELECT * FROM invoices WHERE id = ${id}`);
  return NextResponse.json(rows);
}
