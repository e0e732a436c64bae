import type { SystemUnderTest } from './system-under-test';

/**
 * A county-level discipline reviewer of 泗水县 (`jijian.sishui`, outside 梁山县), with the demo
 * password: the demo seeds only the city-level one.
 */
export async function addSishuiReviewer(sut: SystemUnderTest): Promise<void> {
  await sut.ds.query(
    `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles)
     SELECT 'jijian.sishui', '泗水县纪检监察', password_hash, '370831', ARRAY['discipline_reviewer'] FROM users WHERE username = 'jijian.shi'`,
  );
}
