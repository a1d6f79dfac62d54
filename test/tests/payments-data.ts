/** Payments with a duplicate (order 2, line 1), nulls, a zero and seven negative amounts. */
export const PAYMENTS =
  'id,order_id,line,amount,note\r\n1,1,1,10,ok\r\n2,1,2,-1,\r\n3,2,1,0,zero\r\n4,2,1,5,dup\r\n5,3,1,-2,\r\n6,4,1,-3,x\r\n' +
  '7,5,1,-4,\r\n8,6,1,-5,\r\n9,7,1,-6,\r\n10,8,1,-7,\r\n11,,1,20,null order\r\n';

