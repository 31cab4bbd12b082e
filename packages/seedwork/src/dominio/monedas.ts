// ISO-4217 active currency codes with the number of minor-unit digits (exponent) of each.
// Codes absent here (funds, metals, XXX/XTS) are not payable.

const EXPONENTE_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENTE_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENTE_4 = 'CLF UYW';
const EXPONENTE_2 =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
  'CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF ' +
  'IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR ' +
  'MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD ' +
  'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ' +
  'ZAR ZMW ZWG';

function entradas(codigos: string, exponente: number): [string, number][] {
  return codigos.split(' ').map((c) => [c, exponente]);
}

/** Minor-unit exponent by ISO-4217 code, e.g. COP -> 2, JPY -> 0, KWD -> 3. */
export const EXPONENTES_MONEDA: ReadonlyMap<string, number> = new Map([
  ...entradas(EXPONENTE_0, 0),
  ...entradas(EXPONENTE_2, 2),
  ...entradas(EXPONENTE_3, 3),
  ...entradas(EXPONENTE_4, 4),
]);

/** The currency's exponent, or undefined when the code is not a payable ISO-4217 currency. */
export function exponenteDe(moneda: string): number | undefined {
  return EXPONENTES_MONEDA.get(moneda);
}
